"""Liking a song and reading Liked songs, for the CLI and the desktop alike.

A like is a play event (``like`` / ``unlike``) through the event recorder, so it lands in the
durable outbox and, in server mode, reaches Kafka like every other play event. Liked songs are
the listener's own (:attr:`PlayEvent.who`: the profile, else the device), read from the event
log joined with this device's outbox in server mode, so a like shows before the worker has
stored it (the rule itself is :mod:`engine.library.liked`).
"""

from __future__ import annotations

from engine.context import Context
from engine.events.log import OutboxLog
from engine.events.wire import PlayEvent
from engine.library.liked import LIKE, UNLIKE, joined, liked_songs, liked_track_ids
from engine.models import Track


def record_like(ctx: Context, track: Track, *, liked: bool = True) -> PlayEvent:
    """Record a ``like`` (or ``unlike``) of ``track``; returns the event as it was written."""
    event = PlayEvent(
        track.track_id, LIKE if liked else UNLIKE, ctx.config.device_id, duration=track.duration
    )
    ctx.recorder.record(event)
    return ctx.recorder.stamped(event)


def like_events(ctx: Context) -> list[PlayEvent]:
    """This listener's like/unlike events, each once, in time order."""
    logs = [ctx.event_log.iter_events()]
    if ctx.events is not None and not isinstance(ctx.event_log, OutboxLog):
        # Server mode: this device's likes that the worker has not stored yet count too.
        logs.append(OutboxLog(ctx.events.outbox).iter_events())
    listener = ctx.config.listener
    return [e for e in joined(*logs) if e.who == listener]


def liked_ids(ctx: Context) -> list[str]:
    """Ids of the listener's liked songs, the most recently liked first."""
    return liked_track_ids(like_events(ctx))


def liked_tracks(ctx: Context) -> list[Track]:
    """The "Liked songs" list: liked songs the library knows, newest like first."""
    return liked_songs(ctx.store, like_events(ctx))
