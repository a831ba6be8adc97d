"""The listener's personal side, wired once: For you, "Because you …", their mixes, and
"what next" blended with what they play together.

The listener is the configured profile, else this device (``config.listener``); in server
mode the server's "listeners like you" results join For you.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from engine.context import Context
from engine.models import Recommendation
from engine.recommend.listeners import ListenerResults
from engine.recommend.personal import Personal
from engine.recommend.recommender import Recommender

# Audio candidates fetched per wanted result, so "played together" has room to re-rank.
BLEND_POOL = 3


def open_personal(ctx: Context, recommender: Recommender | None = None) -> Personal:
    """The device's listener over the context's store and event log; the caller closes it.

    ``recommender`` serves the lists that vote in For you (the desktop's own, kept warm and
    replaced with each training run; else a new one over the context's store): the lists
    ``encore recommend`` gives, the desktop, the CLI and server mode alike.
    """
    results = ListenerResults.open(ctx.config.mongo_uri) if ctx.config.mongo_uri else None
    return Personal(
        ctx.store,
        ctx.event_log,
        listener=ctx.config.listener,
        now=time.time,
        listeners_like_you=results,
        recommender=recommender if recommender is not None else Recommender(ctx.store),
    )


@contextmanager
def personal(ctx: Context, recommender: Recommender | None = None) -> Iterator[Personal]:
    """:func:`open_personal`, closed on exit."""
    listener = open_personal(ctx, recommender)
    try:
        yield listener
    finally:
        listener.close()


def what_next(
    recommender: Recommender, listener: Personal, track_id: str, k: int
) -> list[Recommendation]:
    """Songs like ``track_id`` by sound, blended with what this listener plays with it."""
    audio = recommender.recommend(track_id, k * BLEND_POOL)
    return listener.blend_similar(track_id, audio, k)
