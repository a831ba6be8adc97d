"""Liked songs: the heart on the now-playing bar follows the playing song and records like /
unlike events (the durable outbox, so Kafka in server mode; and For you's listener), the
Liked songs list reads them back, and its Remove unlikes."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.models import Track
from tests.gui.conftest import WAIT_MS, write_tone

pytestmark = pytest.mark.gui


def _kinds(ctx, track_id: str) -> list[str]:
    return [
        e.type
        for e in ctx.event_log.iter_events()
        if e.track_id == track_id and e.type in ("like", "unlike")
    ]


def test_heart_likes_the_playing_song_and_follows_the_track(
    qtbot, desktop, wait_jobs, tmp_path: Path
) -> None:
    ctx, window = desktop.ctx, desktop.window
    tracks = [
        Track(f"h{i}", str(write_tone(tmp_path / f"h{i}.wav", 20.0, sr=8000)), f"Heart {i}", "A")
        for i in range(2)
    ]
    ctx.store.upsert_tracks(tracks)
    listener = window.services.personal()
    listener_events = listener._my_events()  # For you's view of the log, built now
    heart = window.playlists.heart
    assert heart is not None and not heart.isEnabled()  # nothing playing
    assert heart.parent() is window.now_playing

    window.controller.play_tracks(tracks)
    qtbot.waitUntil(lambda: desktop.player.current is not None, timeout=WAIT_MS)
    qtbot.waitUntil(heart.isEnabled, timeout=WAIT_MS)
    assert not heart.isChecked() and heart.accessibleName() == "Like"
    heart.click()
    assert heart.isChecked() and heart.accessibleName() == "Unlike"
    wait_jobs(desktop)
    assert _kinds(ctx, "h0") == ["like"]
    assert any(e.type == "like" and e.track_id == "h0" for e in listener_events)

    window.controller.next()  # the heart shows the new song's state
    qtbot.waitUntil(lambda: desktop.player.current.track_id == "h1", timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: heart.track is not None and heart.track.track_id == "h1", timeout=WAIT_MS
    )
    assert not heart.isChecked()
    window.controller.previous()
    qtbot.waitUntil(lambda: heart.track.track_id == "h0", timeout=WAIT_MS)
    assert heart.isChecked()

    # Liked songs lists it; Remove there is an unlike, and the heart follows.
    view = window.playlists.view
    window.sidebar.select("Playlists")
    view.names.setCurrentRow(0)
    wait_jobs(desktop)
    assert view.current is None and [t.track_id for t in view.tracks.tracks()] == ["h0"]
    view.tracks.setCurrentRow(0)
    view.remove_button.click()
    wait_jobs(desktop)
    assert _kinds(ctx, "h0") == ["like", "unlike"]
    assert not heart.isChecked()
    assert view.tracks.count() == 0


def test_likes_are_read_back_at_start(qtbot, desktop, wait_jobs, tmp_path: Path) -> None:
    from engine.library_ops.likes import record_like

    ctx = desktop.ctx
    track = Track("old", str(write_tone(tmp_path / "old.wav", 5.0, sr=8000)), "Old", "A")
    ctx.store.upsert_tracks([track])
    record_like(ctx, track)
    likes = desktop.window.playlists.likes
    likes.load()
    wait_jobs(desktop)
    assert likes.is_liked("old")
    menu = desktop.window.queue.list.menu_for(track)
    assert "Unlike" in [a.text() for a in menu.actions()]


def test_a_like_still_being_written_survives_a_read_of_the_likes(
    qtbot, desktop, wait_jobs, hold_first, tmp_path: Path
) -> None:
    """Liked, then the window becomes active again before the like is in the log: the read
    done then does not hold it, and the song stays liked."""
    import desktop.likes as likes_module

    ctx = desktop.ctx
    track = Track("w", str(write_tone(tmp_path / "w.wav", 5.0, sr=8000)), "Written", "A")
    ctx.store.upsert_tracks([track])
    likes = desktop.window.playlists.likes
    wait_jobs(desktop)  # the window's own first read of the likes
    reached, release = hold_first(likes_module, "record_like", before=True)
    likes.set_liked([track], True)
    assert reached.wait(timeout=60)
    with qtbot.waitSignal(likes.changed, timeout=WAIT_MS):
        likes.load()  # as when the window becomes active: reads a log without the like
    assert _kinds(ctx, "w") == [] and likes.is_liked("w")
    release.set()
    wait_jobs(desktop)
    assert _kinds(ctx, "w") == ["like"] and likes.is_liked("w")
    likes.load()
    wait_jobs(desktop)
    assert likes.is_liked("w")
