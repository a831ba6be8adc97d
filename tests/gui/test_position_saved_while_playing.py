"""While a song plays its position moves without any change signal, so the saver writes it
every ``POSITION_SAVE_MS``: a kill mid-song resumes near where it was, not at the last seek or
pause. Nothing is written while paused, nor when a tick finds the position where it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.views.state_saver import POSITION_SAVE_MS
from tests.gui.conftest import WAIT_MS, corners_library

pytestmark = pytest.mark.gui


def saved_position(home: Path) -> float:
    return float(json.loads((home / "queue.json").read_text(encoding="utf-8"))["position"])


def test_the_position_is_saved_while_playing_and_not_while_paused(
    qtbot, build, wait_jobs, tmp_path: Path, encore_home: Path, monkeypatch
) -> None:
    first = build()
    tracks = corners_library(first.ctx.store, tmp_path / "music", per_group=1, seconds=30.0)
    window, controller = first.window, first.window.controller
    saver = window.state_saver
    assert not saver.position_timer.isActive()  # nothing plays yet
    controller.play_tracks([tracks["r0"]], 0, context="Library")
    qtbot.waitUntil(lambda: controller.player.position() > 0.2, timeout=WAIT_MS)
    saver.save_now()  # the last change (the track) was saved
    start = saved_position(encore_home)
    assert saver.position_timer.isActive() and saver.position_timer.interval() == POSITION_SAVE_MS
    qtbot.waitUntil(lambda: controller.player.position() > start + 0.3, timeout=WAIT_MS)
    saver.position_timer.timeout.emit()  # ten seconds of playback later (no sleep)

    second = build()  # the first was never closed, as after a kill
    second.window.load_all()
    wait_jobs(second)
    cued = second.window.controller.cued_track
    assert cued is not None and cued[0].track_id == "r0"
    assert cued[1] > start + 0.3

    controller.toggle()  # pause
    qtbot.waitUntil(lambda: not saver.position_timer.isActive(), timeout=WAIT_MS)
    saver.save_now()  # the pause was saved
    writes: list[bool] = []
    monkeypatch.setattr(window.state, "save", lambda _window: writes.append(True))
    saver.position_timer.timeout.emit()  # a tick that finds the position where it was
    assert writes == []
