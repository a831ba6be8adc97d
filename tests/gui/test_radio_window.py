"""Radio through the window: the queue fills with recommendations, never repeats, and a skip
steers it away from the skipped song's corner of the library."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gui.conftest import WAIT_MS, corners_library

pytestmark = pytest.mark.gui


def test_radio_fills_the_queue_without_repeats_and_a_skip_steers_it(
    qtbot, desktop, wait_jobs, tmp_path: Path
) -> None:
    corners_library(desktop.ctx.store, tmp_path / "music", per_group=10, seconds=3.0)
    window, player, controller = desktop.window, desktop.player, desktop.window.controller
    window.load_all()
    wait_jobs(desktop)
    seed = window.library_model.track_by_id("r0")

    def upcoming() -> list[str]:
        return [t.track_id for t in player.queue.upcoming()]

    def radio_idle() -> bool:  # no recommendation job in flight
        return controller._radio_job is None

    # The radio button in the recommendations pane starts it for the selected song.
    window.recommendations.show_for(seed)
    window.recommendations.radio_button.click()
    qtbot.waitUntil(lambda: len(upcoming()) >= 3 and radio_idle(), timeout=WAIT_MS)
    assert player.current.track_id == "r0"
    first = upcoming()
    assert all(tid.startswith("r") for tid in first), first  # the seed's own corner
    assert "r0" not in first and len(first) == len(set(first))

    # The seed plays through (3 s) and the first pick starts; skipping it at once is a skip.
    qtbot.waitUntil(lambda: player.current.track_id == first[0], timeout=WAIT_MS)
    qtbot.waitUntil(lambda: radio_idle(), timeout=WAIT_MS)
    controller.next()
    qtbot.waitUntil(lambda: radio_idle() and len(upcoming()) >= 3, timeout=WAIT_MS)

    radio = controller.radio
    assert radio.skipped == [first[0]]
    after = upcoming()
    assert after and all(tid.startswith("j") for tid in after), after  # steered to the other corner
    assert not set(after) & radio.avoided
    queued = [player.queue.tracks.track_id(i) for i in range(len(player.queue.tracks))]
    assert len(queued) == len(set(queued))  # nothing queued twice, the seed included
    window.sidebar.select("Queue")
    assert "radio on, from “Song r0”" in window.queue.summary.text()
