"""The keyboard's media keys drive the player anywhere in the window, with no MPRIS involved."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from engine.models import Track
from tests.gui.conftest import WAIT_MS, write_tone

pytestmark = pytest.mark.gui


def test_media_keys_play_pause_next_previous_stop(qtbot, desktop, tmp_path: Path) -> None:
    tracks = [
        Track(
            f"t{i}", str(write_tone(tmp_path / f"t{i}.wav", 30.0, sr=8000)), f"Tone {i}", "S", "T"
        )
        for i in range(3)
    ]
    window, player = desktop.window, desktop.player
    window.controller.play_tracks(tracks)
    qtbot.waitUntil(lambda: player.state == "playing", timeout=WAIT_MS)
    # From a list deep in a page, not only from the window itself: the shortcuts are global.
    target = window.library.table
    target.setFocus()

    def key(k: Qt.Key) -> None:
        QTest.keyClick(target, k)

    key(Qt.Key.Key_MediaTogglePlayPause)
    qtbot.waitUntil(lambda: player.state == "paused", timeout=WAIT_MS)
    key(Qt.Key.Key_MediaPlay)
    qtbot.waitUntil(lambda: player.state == "playing", timeout=WAIT_MS)
    key(Qt.Key.Key_MediaNext)
    qtbot.waitUntil(lambda: player.current.track_id == "t1", timeout=WAIT_MS)
    key(Qt.Key.Key_MediaNext)
    qtbot.waitUntil(lambda: player.current.track_id == "t2", timeout=WAIT_MS)
    key(Qt.Key.Key_MediaPause)
    qtbot.waitUntil(lambda: player.state == "paused", timeout=WAIT_MS)
    key(Qt.Key.Key_MediaPause)  # pause is no toggle
    assert player.state == "paused"
    player.seek(0.0)  # at a song's start Previous goes back a song (later it restarts it)
    key(Qt.Key.Key_MediaPrevious)
    qtbot.waitUntil(lambda: player.current.track_id == "t1", timeout=WAIT_MS)
    key(Qt.Key.Key_MediaStop)
    qtbot.waitUntil(lambda: player.state == "stopped", timeout=WAIT_MS)
