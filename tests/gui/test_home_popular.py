"""Home's Popular column lists a song once it has been played twice (the engine's rule,
engine.recommend.popular.is_popular): after one play it showed that song as "popular"; until
then the column says when songs come, while Recently played shows what was heard."""

from __future__ import annotations

import time

import pytest

from engine.events.wire import PlayEvent
from engine.models import Track

pytestmark = pytest.mark.gui


def _played(desktop, track_id: str, kind: str, ago: float) -> None:
    desktop.ctx.recorder.record(
        PlayEvent(
            track_id,
            kind,
            desktop.ctx.config.device_id,
            position=200.0,
            duration=200.0,
            timestamp=time.time() - ago,  # recorded events must not lie in the future
        )
    )


def test_popular_waits_for_a_song_played_twice(desktop, wait_jobs) -> None:
    songs = [Track(f"t{i}", f"/m/{i}.ogg", f"Song {i}", "Artist", duration=200.0) for i in (1, 2)]
    desktop.ctx.store.upsert_tracks(songs)
    _played(desktop, "t1", "play", 600)
    _played(desktop, "t1", "complete", 400)  # one whole play
    _played(desktop, "t2", "play", 300)  # begun only
    window = desktop.window
    window.load_all()
    wait_jobs(desktop)
    window.sidebar.select("Home")
    wait_jobs(desktop)
    home = window.home
    assert {t.track_id for t in home.recent.tracks()} == {"t1", "t2"}
    assert home.popular.isHidden() and home.popular.tracks() == []
    assert not home.popular_note.isHidden()
    assert "2 times" in home.popular_note.text()

    _played(desktop, "t1", "play", 200)
    _played(desktop, "t1", "complete", 10)  # played again: now it is popular
    window.reload_home()
    wait_jobs(desktop)
    assert [t.track_id for t in home.popular.tracks()] == ["t1"]
    assert not home.popular.isHidden() and home.popular_note.isHidden()
