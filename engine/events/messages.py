"""Wire forms of the two other topics: track features and "new results" notices.

Play events live in :mod:`engine.events.schema`; these follow the same habits: JSON, a schema
version, validation that names the bad field.
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass
from typing import Any

from engine.events.kafka import RECOMMENDATIONS, TRACK_FEATURES
from engine.events.outbox import Message
from engine.events.validate import (
    EventFormatError,
    is_number,
    json_object,
    parse_json,
    require_text,
)
from engine.models import Track, TrackFeatures

FEATURES_SCHEMA_VERSION = 1
NOTICE_SCHEMA_VERSION = 1
_FLOAT32_MAX = 3.4028234663852886e38
_METADATA_FIELDS = ("title", "artist", "album", "album_artist", "genre", "year", "duration")


def features_message(features: TrackFeatures, track: Track | None) -> Message:
    """Features + the track's metadata, keyed by track id (``encore.track-features``)."""
    vector = [float(x) for x in features.vector]
    body: dict[str, Any] = {
        "schema_version": FEATURES_SCHEMA_VERSION,
        "track_id": features.track_id,
        "names": list(features.names),
        "vector": vector,
        "feature_version": features.version,
        "signature": features.signature,
        "metadata": {f: getattr(track, f) for f in _METADATA_FIELDS} if track else {},
        "produced_at": time.time(),
    }
    return Message(
        topic=TRACK_FEATURES,
        key=features.track_id,
        payload=json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8"),
        kind="features",
    )


def decode_features(payload: bytes | str | dict) -> dict[str, Any]:
    """Parse and validate a features message; raises :class:`EventFormatError` naming the field."""
    data = json_object(payload, "track features")
    if data.get("schema_version") != FEATURES_SCHEMA_VERSION:
        raise EventFormatError(
            f"schema_version: unsupported version {data.get('schema_version')!r}"
        )
    require_text(data, "track_id")
    names, vector = data.get("names"), data.get("vector")
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise EventFormatError("names: must be a list of strings")
    if (
        not isinstance(vector, list)
        or len(vector) != len(names)
        or not all(
            is_number(x)
            and math.isfinite(x)
            and abs(x) <= _FLOAT32_MAX  # stored as float32: a larger number would become inf
            for x in vector
        )
    ):
        raise EventFormatError(f"vector: must be {len(names)} finite numbers, one per name")
    version = data.get("feature_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise EventFormatError("feature_version: must be an integer")
    if not isinstance(data.get("signature"), str):
        raise EventFormatError("signature: must be a string")
    if not isinstance(data.get("metadata", {}), dict):
        raise EventFormatError("metadata: must be an object")
    return data


@dataclass(frozen=True, slots=True)
class ResultsNotice:
    """Tells clients that a training run produced new results (``encore.recommendations``)."""

    run_id: str
    key: str = "all"  # a cluster id or track id when only part of the results changed
    n_tracks: int = 0
    k: int = 0
    created_at: float = 0.0

    def message(self) -> Message:
        body = {
            "schema_version": NOTICE_SCHEMA_VERSION,
            "run_id": self.run_id,
            "key": self.key,
            "n_tracks": self.n_tracks,
            "k": self.k,
            "created_at": self.created_at or time.time(),
        }
        return Message(
            topic=RECOMMENDATIONS,
            key=self.key,
            payload=json.dumps(body, separators=(",", ":")).encode("utf-8"),
            kind="results",
        )


def decode_notice(payload: bytes | str) -> ResultsNotice:
    data = parse_json(payload, "results notice")
    if not isinstance(data, dict) or not isinstance(data.get("run_id"), str):
        raise EventFormatError("run_id: must be a string")
    return ResultsNotice(
        run_id=data["run_id"],
        key=str(data.get("key", "all")),
        n_tracks=int(data.get("n_tracks", 0)),
        k=int(data.get("k", 0)),
        created_at=float(data.get("created_at", 0.0)),
    )


def publish_track_features(ctx: Any, track_ids: list[str] | None = None) -> int:
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
        if features is not None:
            messages.append(features_message(features, tracks.get(track_id)))
    if not messages:
        return 0
    return ctx.recorder.record_messages(messages)
