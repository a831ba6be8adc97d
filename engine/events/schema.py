"""The wire contract for play events: one dataclass, one JSON form, a schema version.

Everything that produces or consumes play events (player, history import, outbox, Kafka
worker, popularity) goes through :func:`encode` / :func:`decode`, so the format lives here only.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import asdict, dataclass, field
from typing import Literal, get_args

from engine.events.validate import EventFormatError, is_number, json_object, require_text

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
