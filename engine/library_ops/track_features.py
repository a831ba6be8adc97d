"""Analysed tracks' features and metadata, queued for ``encore.track-features`` in server mode.

It needs the whole context (config, store, recorder), so it lives above the wire contract: the
contract is imported by the recorder, and the recorder by the context.
"""

from __future__ import annotations

import logging

from engine.context import Context
from engine.events.wire import features_message
from engine.events.wire_checks import EventFormatError

log = logging.getLogger(__name__)


def publish_track_features(ctx: Context, track_ids: list[str] | None = None) -> int:
    """Queue features + metadata of analysed tracks for ``encore.track-features``.

    Goes through the outbox like play events, so a broker outage loses nothing. Only in server
    mode (Kafka configured); returns how many messages were queued.
    """
    if not ctx.config.kafka_bootstrap:
        return 0
    store = ctx.store
    ids = track_ids if track_ids is not None else [t.track_id for t in store.iter_tracks()]
    tracks = store.get_tracks(ids)
    messages = []
    for track_id in ids:
        features = store.get_features(track_id)
        if features is None:
            continue
        try:
            messages.append(features_message(features, tracks.get(track_id)))
        except EventFormatError as exc:  # e.g. a vector from an older, buggy analysis
            log.warning("track %s: features not sent (%s)", track_id, exc)
    if not messages:
        return 0
    return ctx.recorder.record_messages(messages)
