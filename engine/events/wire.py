"""The wire contract: every message Encore sends or receives, in one module.

Play events (``encore.play-events``), track features (``encore.track-features``) and "new
results" notices (``encore.recommendations``) are JSON objects with a schema version; producers
and consumers (player, history import, outbox, Kafka worker, popularity) go through the
``encode``/``decode`` pairs here, and a payload that is not in its form fails as one
:class:`EventFormatError` naming the bad field.
"""

from __future__ import annotations

import json
import math
import time
import uuid
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, get_args

from engine.errors import EncoreError
from engine.events.kafka import RECOMMENDATIONS, TRACK_FEATURES
from engine.events.outbox import Message
from engine.models import Track, TrackFeatures


class EventFormatError(EncoreError):
    """A message is not in its wire form (play event, features, notice); the text names the
    field."""


def parse_json(payload: bytes | str, what: str) -> Any:
    """``json.loads``, failing as ``"<what> is not JSON (...)"``."""
    try:
        return json.loads(payload)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EventFormatError(f"{what} is not JSON ({exc})") from None


def json_object(payload: bytes | str | dict, what: str) -> dict:
    """The payload as a dict: an already decoded dict is taken as it is."""
    data = payload if isinstance(payload, dict) else parse_json(payload, what)
    if not isinstance(data, dict):
        raise EventFormatError(f"{what} must be a JSON object")
    return data


def is_number(value: object) -> bool:
    """A JSON number: ``true``/``false`` decode to bool, which Python counts as int."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def require_text(data: dict, name: str) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value:
        raise EventFormatError(f"{name}: must be a non-empty string")
    return value


SCHEMA_VERSION = 1

EventType = Literal["play", "pause", "resume", "seek", "skip", "complete", "like"]
EVENT_TYPES: frozenset[str] = frozenset(get_args(EventType))


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


def encode(event: PlayEvent) -> bytes:
    return json.dumps(asdict(event), separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def decode(payload: bytes | str | dict) -> PlayEvent:
    """Parse and validate one event; raises :class:`EventFormatError` naming the bad field."""
    data = json_object(payload, "play event")
    version = data.get("schema_version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        raise EventFormatError(f"schema_version: unsupported version {version!r}")
    for name in ("track_id", "device_id", "event_id"):
        if name != "event_id" or name in data:
            require_text(data, name)
    if data.get("type") not in EVENT_TYPES:
        raise EventFormatError(
            f"type: must be one of {sorted(EVENT_TYPES)}, not {data.get('type')!r}"
        )
    numbers = {}
    for name in ("position", "duration", "timestamp"):
        value = data.get(name, 0.0 if name != "timestamp" else None)
        if not is_number(value) or value < 0:
            raise EventFormatError(f"{name}: must be a non-negative number, not {value!r}")
        numbers[name] = float(value)
    extra = set(data) - {f for f in PlayEvent.__dataclass_fields__}
    if extra:
        raise EventFormatError(f"unknown field(s): {', '.join(sorted(extra))}")
    kwargs = dict(
        track_id=data["track_id"],
        type=data["type"],
        device_id=data["device_id"],
        **numbers,
    )
    if "event_id" in data:
        kwargs["event_id"] = data["event_id"]
    return PlayEvent(**kwargs)


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
    """Parse and validate a results notice; raises :class:`EventFormatError` naming the field."""
    data = json_object(payload, "results notice")
    run_id = require_text(data, "run_id")
    counts = {}
    for name in ("n_tracks", "k"):
        value = data.get(name, 0)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise EventFormatError(f"{name}: must be a non-negative integer, not {value!r}")
        counts[name] = value
    created_at = data.get("created_at", 0.0)
    if not is_number(created_at) or not math.isfinite(created_at) or created_at < 0:
        raise EventFormatError(f"created_at: must be a non-negative number, not {created_at!r}")
    key = data.get("key", "all")
    if not isinstance(key, str):
        raise EventFormatError(f"key: must be a string, not {key!r}")
    return ResultsNotice(run_id=run_id, key=key, created_at=float(created_at), **counts)


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
