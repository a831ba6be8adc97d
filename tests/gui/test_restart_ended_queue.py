"""A queue that played to its end comes back after a restart with its first song waiting on the
bar at 0:00, as the Queue page shows it: the bar said "Nothing playing" beside a queue whose
first song was marked current."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.gui.conftest import WAIT_MS, corners_library

pytestmark = pytest.mark.gui


def test_an_ended_queue_comes_back_with_its_first_song_waiting(
    qtbot, build, wait_jobs, tmp_path: Path, encore_home: Path
) -> None:
    first = build()
    tracks = corners_library(first.ctx.store, tmp_path / "music", per_group=1, seconds=1.0)
    first.window.load_all()
    wait_jobs(first)
    first.window.controller.play_tracks([tracks["r0"], tracks["j0"]], 0, context="Library")
    qtbot.waitUntil(lambda: first.player.state == "ended", timeout=WAIT_MS)
    first.window.close()
    first.close()
    saved = json.loads((encore_home / "queue.json").read_text(encoding="utf-8"))
    assert saved["track_ids"] == ["r0", "j0"] and saved["index"] == -1

    second = build()
    window, player, controller = second.window, second.player, second.window.controller
    window.load_all()
    wait_jobs(second)
    bar = window.now_playing
    assert player.queue.current.track_id == "r0"
    assert controller.cued_track is not None and controller.cued_track[0].track_id == "r0"
    assert (bar.title.text(), bar.elapsed.text()) == ("Song r0", "0:00")
    assert player.state == "stopped"  # nothing sounds until play
    bar.play_button.click()
    qtbot.waitUntil(lambda: player.current is not None, timeout=WAIT_MS)
    assert player.current.track_id == "r0"
