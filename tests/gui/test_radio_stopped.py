"""A stopped radio's queue says the radio is off: the Queue page said "from radio “…”" beside
the pane's "Start radio" for the same song, as if it were still on."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gui.conftest import WAIT_MS, corners_library

pytestmark = pytest.mark.gui


def test_a_stopped_radio_reads_off_on_the_queue_page(
    qtbot, desktop, wait_jobs, tmp_path: Path
) -> None:
    corners_library(desktop.ctx.store, tmp_path / "music", per_group=6, seconds=30.0)
    window, player, controller = desktop.window, desktop.player, desktop.window.controller
    window.load_all()
    wait_jobs(desktop)
    pane = window.recommendations
    pane.show_for(window.library_model.track_by_id("r0"))
    pane.radio_button.click()
    qtbot.waitUntil(
        lambda: len(player.queue.upcoming()) >= 3 and controller._radio_job is None,
        timeout=WAIT_MS,
    )
    window.sidebar.select("Queue")
    assert "radio on, from “Song r0”" in window.queue.summary.text()

    pane.radio_button.click()  # "Stop radio" on the pane
    assert controller.radio is None and pane.radio_button.text() == "Start radio"
    summary = window.queue.summary.text()
    assert "radio off, from “Song r0”" in summary, summary
    assert "radio on" not in summary and not window.queue.stop_radio_button.isVisible()
    names: list[str] = []
    window.queue.saveAsPlaylist.connect(lambda name, _tracks: names.append(name))
    window.queue.save_as_playlist()
    assert names == ["Radio from Song r0"]  # still named for where its songs came from

    controller.play_tracks([window.library_model.track_by_id("j0")], context="Library")
    assert window.queue.summary.text().endswith("from Library")
