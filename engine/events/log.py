"""Where popularity reads play events: the local outbox (embedded) or MongoDB (server mode)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from engine.events.kafka import PLAY_EVENTS
from engine.events.outbox import Outbox
from engine.events.wire import EventFormatError, PlayEvent, decode
from engine.listening import counts_as_play

if TYPE_CHECKING:
    from pymongo.database import Database

log = logging.getLogger(__name__)

# The worker's collection of play events; the document shape is the event's JSON with
# ``_id`` = event id (see backend/sink.py).
PLAY_EVENTS_COLLECTION = "play_events"
# The worker's per-track counts of those events (backend/sink.py keeps them).
STATS_COLLECTION = "track_stats"


@runtime_checkable
class EventLog(Protocol):
    def iter_events(
        self, since: float | None = None, *, listener: str | None = None
    ) -> Iterator[PlayEvent]:
        """Play events with ``timestamp >= since`` (all when ``None``), oldest first; only
        ``listener``'s (:attr:`PlayEvent.who`) when given."""


class OutboxLog:
    """The embedded event log: every play event ever recorded on this machine."""

    def __init__(self, outbox: Outbox) -> None:
        self.outbox = outbox

    def iter_events(
        self, since: float | None = None, *, listener: str | None = None
    ) -> Iterator[PlayEvent]:
        # Rows written before the wire checks were strict (NaN, future dates) or edited by
        # hand are skipped: one warning per read, not one per row.
        payloads = self.outbox.iter_payloads(PLAY_EVENTS, since, who=listener)
        yield from _readable(payloads, str(self.outbox.path))


class MongoEventLog:
    """Server mode: the play events the backend worker stored, from every device."""

    def __init__(self, database: Database) -> None:
        self.collection = database[PLAY_EVENTS_COLLECTION]

    def iter_events(
        self, since: float | None = None, *, listener: str | None = None
    ) -> Iterator[PlayEvent]:
        query = {} if listener is None else listener_match(listener)
        if since is not None:
            query["timestamp"] = {"$gte": since}
        docs = self.collection.find(query, {"j": 0}).sort("timestamp", 1)
        yield from _readable(map(_event_doc, docs), PLAY_EVENTS_COLLECTION)


def listener_match(listener: str) -> dict[str, Any]:
    """The MongoDB filter for one listener's events (:attr:`PlayEvent.who`): stamped with it,
    or recorded without a profile on the device of that id."""
    return {
        "$or": [{"listener": listener}, {"device_id": listener, "listener": {"$in": [None, ""]}}]
    }


def event_document(event: PlayEvent) -> dict[str, Any]:
    """An event as the worker stores it in :data:`PLAY_EVENTS_COLLECTION` (``_id`` = event id,
    so a redelivered event is a duplicate key); :class:`MongoEventLog` reads it back."""
    doc: dict[str, Any] = {
        "_id": event.event_id,
        "track_id": event.track_id,
        "type": event.type,
        "device_id": event.device_id,
        "position": event.position,
        "duration": event.duration,
        "timestamp": event.timestamp,
        "schema_version": event.schema_version,
    }
    if event.listener:
        doc["listener"] = event.listener
    return doc


def stats_increments(docs: Iterable[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """What :data:`STATS_COLLECTION` adds per track for these stored events: ``counts.<type>``,
    ``events``, and ``plays`` by the one play-count rule (:func:`engine.listening.counts_as_play`,
    so the server's counts agree with the Plays column and Home). The worker adds them; history
    clear takes them away."""
    out: dict[str, dict[str, int]] = {}
    for doc in docs:
        inc = out.setdefault(doc["track_id"], {"events": 0, "plays": 0})
        key = f"counts.{doc['type']}"
        inc[key] = inc.get(key, 0) + 1
        inc["events"] += 1
        probe = PlayEvent(
            doc["track_id"],
            doc["type"],
            "",
            position=float(doc.get("position", 0.0)),
            duration=float(doc.get("duration", 0.0)),
        )
        inc["plays"] += int(counts_as_play(probe))
    return out


def _event_doc(doc: dict[str, Any]) -> dict[str, Any]:
    doc["event_id"] = doc.pop("_id")
    return doc


def _readable(records: Iterable[bytes | dict[str, Any]], where: str) -> Iterator[PlayEvent]:
    """The records that decode as events; the others are counted and named once."""
    skipped, first = 0, ""
    for record in records:
        try:
            event = decode(record)
        except EventFormatError as exc:
            skipped, first = skipped + 1, first or str(exc)
            continue
        yield event
    if skipped:
        log.warning("%s: skipped %d unreadable play event(s), the first: %s", where, skipped, first)
