"""The wire contract: every message Encore sends or receives, in one module.

Play events (``encore.play-events``), track features (``encore.track-features``) and "new
results" notices (``encore.recommendations``) are JSON objects with a schema version; producers
and consumers (player, history import, outbox, Kafka worker, popularity) go through the
``encode``/``decode`` pairs here, and a payload that is not in its form fails as one
:class:`EventFormatError` naming the bad field.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from engine.events.kafka import RECOMMENDATIONS, TRACK_FEATURES
from engine.events.outbox import Message
from engine.events.wire_checks import (
    MAX_ID_CHARS,
    MAX_SECONDS,
    EventFormatError,
    dumps,
    event_time,
    finite_number,
    is_text,
    json_object,
    require_int,
    require_text,
    shown,
)
from engine.models import Track, TrackFeatures

SCHEMA_VERSION = 2

EventType = Literal[
    "play", "pause", "resume", "seek", "skip", "complete", "like", "unlike", "dislike"
]
EVENT_TYPES: frozenset[str] = frozenset(get_args(EventType))
# Version 2 added "unlike", "dislike" ("not interested": never suggest it) and the optional
# ``listener``; version-1 events (every other type) still decode, as version 1.
TYPES_BY_VERSION: dict[int, frozenset[str]] = {
    1: EVENT_TYPES - {"unlike", "dislike"},
    2: EVENT_TYPES,
}
MAX_LISTENER = 200


@dataclass(frozen=True, slots=True)
class PlayEvent:
    track_id: str
    type: EventType
    device_id: str
    position: float = 0.0  # seconds into the track when it happened
    duration: float = 0.0  # the track's length in seconds
    timestamp: float = field(default_factory=time.time)  # unix seconds, UTC
    event_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    schema_version: int = SCHEMA_VERSION
    # Whose taste this is: the config's profile when set (a person on several devices, a
    # household sharing a server), else the device (see :attr:`who`).
    listener: str = ""

    @property
    def who(self) -> str:
        """The listener the event belongs to: the profile it was recorded under, else the
        device."""
        return self.listener or self.device_id


_EVENT_FIELDS = tuple(PlayEvent.__dataclass_fields__)


def encode(event: PlayEvent) -> bytes:
    """The event's wire form; raises :class:`EventFormatError` for an event :func:`decode`
    would refuse (NaN position, future timestamp...), so no outbox row is unreadable."""
    data = {name: getattr(event, name) for name in _EVENT_FIELDS}  # asdict() is 3x slower
    decode(data)
    return dumps(data)


def decode(payload: bytes | str | dict, *, now: float | None = None) -> PlayEvent:
    """Parse and validate one event; raises :class:`EventFormatError` naming the bad field.

    ``now`` (unix seconds, default the clock) bounds the timestamp: at most a day ahead."""
    data = json_object(payload, "play event")
    version = data.get("schema_version", 1)
    known = isinstance(version, int | float) and not isinstance(version, bool)
    if not known or version not in TYPES_BY_VERSION:
        raise EventFormatError(f"schema_version: unsupported version {shown(version)}")
    types = TYPES_BY_VERSION[version]
    for name in ("track_id", "device_id", "event_id"):
        if name != "event_id" or name in data:
            require_text(data, name)
    kind = data.get("type")
    if not isinstance(kind, str) or kind not in types:
        raise EventFormatError(f"type: must be one of {sorted(types)}, not {shown(kind)}")
    if "timestamp" not in data:
        raise EventFormatError("timestamp: missing (unix seconds)")
    extra = data.keys() - _EVENT_FIELDS
    if extra:
        raise EventFormatError(f"unknown field(s): {shown(', '.join(sorted(extra)))}")
    kwargs: dict[str, Any] = dict(
        track_id=data["track_id"],
        type=kind,
        device_id=data["device_id"],
        position=finite_number(data.get("position", 0.0), "position", high=MAX_SECONDS),
        duration=finite_number(data.get("duration", 0.0), "duration", high=MAX_SECONDS),
        timestamp=event_time(data["timestamp"], "timestamp", now),
        schema_version=int(version),
    )
    if "event_id" in data:
        kwargs["event_id"] = data["event_id"]
    listener = data.get("listener", "")
    if not isinstance(listener, str) or len(listener) > MAX_LISTENER:
        raise EventFormatError(f"listener: must be text of at most {MAX_LISTENER} characters")
    if listener:
        kwargs["listener"] = listener
    return PlayEvent(**kwargs)


FEATURES_SCHEMA_VERSION = 1
NOTICE_SCHEMA_VERSION = 1
_FLOAT32_MAX = 3.4028234663852886e38  # vectors are stored as float32: larger would become inf
_MAX_FEATURES = 4096
_TEXT_METADATA = ("title", "artist", "album", "album_artist", "genre")
_METADATA_FIELDS = (*_TEXT_METADATA, "year", "duration")


def features_message(features: TrackFeatures, track: Track | None) -> Message:
    """Features + the track's metadata, keyed by track id (``encore.track-features``); raises
    :class:`EventFormatError` for features the worker would refuse."""
    body: dict[str, Any] = {
        "schema_version": FEATURES_SCHEMA_VERSION,
        "track_id": features.track_id,
        "names": list(features.names),
        "vector": [float(x) for x in features.vector],
        "feature_version": features.version,
        "signature": features.signature,
        "metadata": {f: getattr(track, f) for f in _METADATA_FIELDS} if track else {},
        "produced_at": time.time(),
    }
    decode_features(body)
    return Message(
        topic=TRACK_FEATURES, key=features.track_id, payload=dumps(body), kind="features"
    )


def decode_features(payload: bytes | str | dict) -> dict[str, Any]:
    """Parse and validate a features message; raises :class:`EventFormatError` naming the field.

    Returns only the known fields, checked: what the worker stores can always be stored."""
    data = json_object(payload, "track features")
    version = data.get("schema_version")
    if version != FEATURES_SCHEMA_VERSION or isinstance(version, bool):
        raise EventFormatError(f"schema_version: unsupported version {shown(version)}")
    track_id = require_text(data, "track_id")
    names, vector = data.get("names"), data.get("vector")
    if (
        not isinstance(names, list)
        or not 0 < len(names) <= _MAX_FEATURES
        or not all(is_text(n, limit=MAX_ID_CHARS) and n for n in names)
    ):
        raise EventFormatError(f"names: must be a list of 1 to {_MAX_FEATURES} non-empty strings")
    if not isinstance(vector, list) or len(vector) != len(names):
        raise EventFormatError(f"vector: must be {len(names)} finite numbers, one per name")
    values = [
        finite_number(x, f"vector[{i}]", low=-_FLOAT32_MAX, high=_FLOAT32_MAX)
        for i, x in enumerate(vector)
    ]
    signature = data.get("signature")
    if not is_text(signature, limit=MAX_ID_CHARS):
        raise EventFormatError(f"signature: must be a string, not {shown(signature)}")
    body: dict[str, Any] = {
        "schema_version": version,
        "track_id": track_id,
        "names": names,
        "vector": values,
        "feature_version": require_int(data.get("feature_version"), "feature_version"),
        "signature": signature,
        "metadata": _metadata(data.get("metadata", {})),
    }
    if "produced_at" in data:
        body["produced_at"] = finite_number(data["produced_at"], "produced_at")
    return body


def _metadata(meta: object) -> dict[str, Any]:
    """The known tag fields of a features message, checked (others are dropped)."""
    if not isinstance(meta, dict):
        raise EventFormatError("metadata: must be an object")
    out: dict[str, Any] = {}
    for name in _TEXT_METADATA:
        value = meta.get(name)
        if value is not None and not is_text(value):
            raise EventFormatError(f"metadata.{name}: must be text, not {shown(value)}")
        out[name] = value
    year, duration = meta.get("year"), meta.get("duration")
    out["year"] = None if year is None else require_int(year, "metadata.year", low=-(2**31))
    out["duration"] = None if duration is None else finite_number(duration, "metadata.duration")
    return {k: v for k, v in out.items() if k in meta}


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
        # One notice per run from one outbox: whoever announces it again (the worker's trigger
        # after library_ops.train did) adds nothing.
        return Message(
            topic=RECOMMENDATIONS,
            key=self.key,
            payload=dumps(body),
            kind="results",
            dedup_key=f"results:{self.run_id}",
        )


def decode_notice(payload: bytes | str) -> ResultsNotice:
    """Parse and validate a results notice; raises :class:`EventFormatError` naming the field."""
    data = json_object(payload, "results notice")
    run_id = require_text(data, "run_id")
    key = data.get("key", "all")
    if not is_text(key, limit=MAX_ID_CHARS) or not key:
        raise EventFormatError(f"key: must be a non-empty string, not {shown(key)}")
    return ResultsNotice(
        run_id=run_id,
        key=key,
        n_tracks=require_int(data.get("n_tracks", 0), "n_tracks"),
        k=require_int(data.get("k", 0), "k"),
        created_at=finite_number(data.get("created_at", 0.0), "created_at"),
    )
