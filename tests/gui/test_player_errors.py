"""Playback problems reach the window as plain messages and the player moves on."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.context import build_context
from engine.models import Track
from tests.gui.conftest import WAIT_MS, write_tone

pytestmark = pytest.mark.gui


def test_deleted_and_undecodable_files_are_reported_and_skipped(
    qtbot, desktop, tmp_path: Path
) -> None:
    deleted = write_tone(tmp_path / "deleted.wav")
    deleted.unlink()  # imported once, removed from disk since
    broken = tmp_path / "broken.ogg"
    broken.write_bytes(b"OggS but not really" * 100)
    good = write_tone(tmp_path / "good.wav", seconds=5.0)
    tracks = [
        Track("gone", str(deleted), "Gone", duration=2.0),
        Track("bad", str(broken), "Broken", duration=2.0),
        Track("ok", str(good), "Good", duration=5.0),
    ]
    window, player = desktop.window, desktop.player
    messages: list[str] = []
    window.controller.bridge.errorRaised.connect(messages.append)
    window.controller.play_tracks(tracks)
    qtbot.waitUntil(
        lambda: player.current is not None and player.current.track_id == "ok", timeout=WAIT_MS
    )
    qtbot.waitUntil(lambda: len(messages) >= 2, timeout=WAIT_MS)
    assert player.state == "playing"
    assert str(deleted) in messages[0] and str(broken) in messages[1]
    assert all("\n" not in m for m in messages)  # one line each
    assert str(broken) in window.statusBar().currentMessage()
    # The missing file never counted as a play.
    plays = {e.track_id for e in desktop.ctx.event_log.iter_events() if e.type == "play"}
    assert "gone" not in plays and "ok" in plays


def test_no_output_device_says_so_and_still_plays_silently(qtbot, qapp, monkeypatch, tmp_path):
    from desktop.app import build_desktop

    monkeypatch.setenv("ENCORE_OUTPUT_DEVICE", "no such sound card")
    ctx = build_context()
    app = build_desktop(ctx, load=False)  # opens the configured device for real
    qtbot.addWidget(app.window)
    try:
        app.window.show()
        notice = app.window.output_notice
        assert notice.isVisible()
        assert "playing silently" in notice.text()
        assert "no such sound card" in notice.toolTip()  # the engine's reason
        track = Track("ok", str(write_tone(tmp_path / "a.wav", seconds=5.0)), "Tone")
        app.window.controller.play_tracks([track])
        qtbot.waitUntil(lambda: app.player.state == "playing", timeout=WAIT_MS)
        qtbot.waitUntil(lambda: app.player.position() > 0.2, timeout=WAIT_MS)
    finally:
        app.window.close()
        app.close()
