"""Where popularity reads play events: the local outbox (embedded) or MongoDB (server mode)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any, Protocol, runtime_checkable

from engine.events.kafka import PLAY_EVENTS
from engine.events.outbox import Outbox
from engine.events.wire import EventFormatError, PlayEvent, decode

log = logging.getLogger(__name__)

# The worker's collection of play events; the document shape is the event's JSON with
# ``_id`` = event id (see backend/sink.py).
PLAY_EVENTS_COLLECTION = "play_events"
# The worker's per-track counts of those events (backend/sink.py keeps them).
STATS_COLLECTION = "track_stats"


@runtime_checkable
class EventLog(Protocol):
    def iter_events(self, since: float | None = None) -> Iterator[PlayEvent]:
        """Play events with ``timestamp >= since`` (all when ``None``), oldest first."""


class OutboxLog:
    """The embedded event log: every play event ever recorded on this machine."""

    def __init__(self, outbox: Outbox) -> None:
        self.outbox = outbox

    def iter_events(self, since: float | None = None) -> Iterator[PlayEvent]:
        for payload in self.outbox.iter_payloads(PLAY_EVENTS, since):
            try:
                yield decode(payload)
            except EventFormatError as exc:  # only a hand-edited database can get here
                log.warning("%s: skipping an unreadable event (%s)", self.outbox.path, exc)


class MongoEventLog:
    """Server mode: the play events the backend worker stored, from every device."""

    def __init__(self, database: Any) -> None:
        self.collection = database[PLAY_EVENTS_COLLECTION]

    def iter_events(self, since: float | None = None) -> Iterator[PlayEvent]:
        query = {} if since is None else {"timestamp": {"$gte": since}}
        for doc in self.collection.find(query, {"j": 0}).sort("timestamp", 1):
            doc["event_id"] = doc.pop("_id")
            try:
                yield decode(doc)
            except EventFormatError as exc:
                log.warning("play_events/%s: skipping an unreadable event (%s)", doc, exc)
