"""engine/library_ops/likes.py: a like through the recorder, read back as this listener's."""

from __future__ import annotations

from engine.context import build_context
from engine.events.wire import PlayEvent
from engine.library_ops.likes import liked_ids, liked_tracks, record_like
from engine.models import Track


def test_likes_are_the_listeners_own_newest_first() -> None:
    with build_context() as ctx:
        a, b = Track("a", "/m/a.wav", "A"), Track("b", "/m/b.wav", "B")
        ctx.store.upsert_tracks([a, b])
        written = record_like(ctx, a)
        assert written.type == "like" and written.who == ctx.config.listener
        # Someone else's like on a shared log is not in this listener's Liked songs.
        ctx.recorder.record(
            PlayEvent("b", "like", "other-device", timestamp=written.timestamp + 5, listener="bo")
        )
        assert liked_ids(ctx) == ["a"]
        record_like(ctx, b)
        assert set(liked_ids(ctx)) == {"a", "b"}
        record_like(ctx, a, liked=False)
        assert [t.track_id for t in liked_tracks(ctx)] == ["b"]
