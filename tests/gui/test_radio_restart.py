"""A radio on at closing is on again after a restart, so the Queue page, the now-playing bar
and the Similar-to pane say the same thing; a radio that cannot resume leaves a neutral
queue header instead of "from radio …" beside "Start radio"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.gui.conftest import WAIT_MS, corners_library

pytestmark = pytest.mark.gui


def _close(app) -> None:
    app.window.close()
    app.close()


def _ids(player) -> list[str]:
    queue = player.queue
    return [queue.tracks.track_id(i) for i in range(len(queue.tracks))]


def test_a_radio_on_at_closing_is_on_after_a_restart(
    qtbot, build, wait_jobs, tmp_path: Path, encore_home: Path
) -> None:
    first = build()
    corners_library(first.ctx.store, tmp_path / "music", per_group=10, seconds=30.0)
    window, player, controller = first.window, first.player, first.window.controller
    window.load_all()
    wait_jobs(first)
    window.recommendations.show_for(window.library_model.track_by_id("r0"))
    window.recommendations.radio_button.click()
    qtbot.waitUntil(
        lambda: len(player.queue.upcoming()) >= 3 and controller._radio_job is None,
        timeout=WAIT_MS,
    )
    queued = _ids(player)
    _close(first)
    assert json.loads((encore_home / "queue.json").read_text(encoding="utf-8"))["radio_seed"] == (
        "r0"
    )

    second = build()
    window, player, controller = second.window, second.player, second.window.controller
    window.load_all()
    wait_jobs(second)
    assert _ids(player) == queued
    assert player.state == "stopped"  # resumed paused, as any queue: nothing sounds until play
    assert controller.radio is not None and controller.radio.seed.track_id == "r0"
    # Every view tells the same truth: the pane for the seed offers to stop it, not to start.
    assert window.recommendations.seed.track_id == "r0"
    assert window.recommendations.radio_button.text() == "Stop radio"
    window.sidebar.select("Queue")
    assert "radio on, from “Song r0”" in window.queue.summary.text()
    assert window.queue.stop_radio_button.isVisible()

    # Play goes on with the station: a skip refills it, never with a song it had queued.
    window.now_playing.play_button.click()
    qtbot.waitUntil(lambda: player.state == "playing", timeout=WAIT_MS)
    controller.next()
    qtbot.waitUntil(
        lambda: controller._radio_job is None and len(_ids(player)) > len(queued),
        timeout=WAIT_MS,
    )
    ids = _ids(player)
    assert len(ids) == len(set(ids)), ids


@pytest.mark.parametrize(
    "saved",
    [
        {"radio_seed": "gone", "context": "radio “Gone song”"},  # its seed left the library
        {"context": "radio “Song r0”"},  # written before seeds were saved
    ],
)
def test_a_radio_that_cannot_resume_leaves_a_neutral_header(
    qtbot, build, wait_jobs, tmp_path: Path, encore_home: Path, saved: dict
) -> None:
    (encore_home / "queue.json").write_text(
        json.dumps({"track_ids": ["r0", "r1", "r2"], "index": 0, **saved}), encoding="utf-8"
    )
    app = build()
    corners_library(app.ctx.store, tmp_path / "music", per_group=3, seconds=5.0)
    window = app.window
    window.load_all()
    wait_jobs(app)
    assert _ids(app.player) == ["r0", "r1", "r2"]
    assert window.controller.radio is None
    window.sidebar.select("Queue")
    summary = window.queue.summary.text()
    assert "radio" not in summary and "from" not in summary, summary
    assert not window.queue.stop_radio_button.isVisible()
    assert window.recommendations.radio_button.text() == "Start radio"
