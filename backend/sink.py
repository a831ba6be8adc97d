"""MongoDB side of the worker: idempotent batch writes of play events, features and stats.

Redelivery (a crash before the offset commit, a rebalance) must change nothing. Events are
inserted with ``_id`` = event id, so a redelivered one is a duplicate-key no-op; track features
are upserted by track id into the MongoStore's own ``tracks``/``features`` collections
(:func:`engine.stores.mongo.write_reported_features`), so training reads them like tracks
imported on the server. Per-track aggregates are the hard part without multi-document
transactions, so every batch goes through a journal entry:

1. write a journal document with a fresh batch id ``j``;
2. insert the events, each tagged with ``j`` (duplicates are rejected by ``_id``);
3. add the newly inserted events to ``track_stats`` with a filter ``applied != j``, pushing
   ``j`` onto ``applied``, so applying the same batch twice is a no-op;
4. delete the journal document.

A crash between two steps leaves the journal document behind; :meth:`MongoSink.recover` (run
when a worker starts and before it retries a failed batch) recomputes that batch's increments
from the events tagged with its id and applies them, guarded the same way. One worker per
database is assumed (what the compose file runs): recovery would otherwise race a live batch.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from pymongo import ASCENDING, DESCENDING, UpdateOne
from pymongo.errors import BulkWriteError

from engine.events.cuts import after_cut, cuts_for
from engine.events.log import (
    PLAY_EVENTS_COLLECTION,
    STATS_COLLECTION,
    event_document,
    stats_increments,
)
from engine.events.wire import PlayEvent
from engine.models import TrackFeatures
from engine.stores.mongo import write_reported_features
from engine.stores.mongo_schema import ensure_schema

if TYPE_CHECKING:
    from pymongo.database import Database

JOURNAL_COLLECTION = "stats_journal"
DEAD_LETTERS_COLLECTION = "dead_letters"
WORKER_STATE_COLLECTION = "worker_state"
# How many recent journal ids a stats document remembers: only a journal re-applied during
# recovery needs to be recognised, and there is at most one unfinished per worker crash.
_APPLIED_MEMORY = 64
# The first bytes of a dead letter's key and value are kept: enough to see what it was, and a
# huge message can never exceed MongoDB's 16 MB document limit (which would block the batch).
DEAD_LETTER_BYTES = 64 * 1024


@dataclass
class BatchResult:
    events_new: int = 0
    events_duplicate: int = 0
    events_cleared: int = 0  # older than their listener's history clear (engine.events.cuts)
    features: int = 0
    dead_letters: int = 0
    tracks_touched: set[str] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class DeadLetter:
    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    reason: str
    index: int | None = None  # position inside an envelope (JSON array) message


class MongoSink:
    def __init__(self, database: Database) -> None:
        self.db = database
        self.events = database[PLAY_EVENTS_COLLECTION]
        self.stats = database[STATS_COLLECTION]
        self.journal = database[JOURNAL_COLLECTION]
        self.dead = database[DEAD_LETTERS_COLLECTION]
        self.state = database[WORKER_STATE_COLLECTION]

    def ensure_indexes(self) -> None:
        ensure_schema(self.db)  # the store's collections, which features are written into
        self.events.create_index([("timestamp", ASCENDING)])
        # One listener's events (MongoEventLog's listener filter, history clear): each branch
        # of engine.events.log.listener_match has its own index.
        self.events.create_index([("listener", ASCENDING), ("timestamp", ASCENDING)])
        self.events.create_index([("device_id", ASCENDING), ("timestamp", ASCENDING)])
        self.stats.create_index([("plays", DESCENDING)])
        self.dead.create_index([("at", DESCENDING)])

    # --- the batch -------------------------------------------------------------------------
    def write_batch(
        self,
        events: list[PlayEvent],
        features: list[dict[str, Any]],
        dead_letters: list[DeadLetter],
    ) -> BatchResult:
        """Store one consumed batch; raises a ``PyMongoError`` if MongoDB did not take it all
        (the caller then retries the same batch and does not commit offsets)."""
        result = BatchResult(dead_letters=len(dead_letters))
        if dead_letters:
            self._write_dead_letters(dead_letters)
        if features:
            self._write_features(features)
            result.features = len(features)
        if events:
            self._write_events(events, result)
        return result

    def _write_dead_letters(self, letters: list[DeadLetter]) -> None:
        now = time.time()
        # _id from the message's coordinates: a redelivered bad message is recorded once.
        ops = [
            UpdateOne(
                {"_id": f"{d.topic}:{d.partition}:{d.offset}:{d.index or 0}"},
                {
                    "$setOnInsert": {
                        "topic": d.topic,
                        "partition": d.partition,
                        "offset": d.offset,
                        "key": _kept(d.key),
                        "value": _kept(d.value),
                        "size": len(d.value or b""),
                        "reason": d.reason,
                        "index": d.index,
                        "at": now,
                    }
                },
                upsert=True,
            )
            for d in letters
        ]
        self.dead.bulk_write(ops, ordered=False)

    def _write_features(self, features: list[dict[str, Any]]) -> None:
        # The newest message per track wins inside a batch; across batches the later write wins
        # too, because one track id always maps to one partition (ordered).
        latest = {f["track_id"]: f for f in features}
        reports = [
            (
                TrackFeatures(
                    track_id=track_id,
                    vector=np.asarray(f["vector"], dtype=np.float32),
                    names=tuple(f["names"]),
                    version=int(f["feature_version"]),
                    signature=f["signature"],
                ),
                f.get("metadata") or {},
            )
            for track_id, f in latest.items()
        ]
        write_reported_features(self.db, reports)

    def _write_events(self, events: list[PlayEvent], result: BatchResult) -> None:
        # Published before their listener cleared the history, consumed after: the clear wins.
        kept = after_cut(events, cuts_for(self.db, (e.who for e in events)))
        result.events_cleared = len(events) - len(kept)
        if not kept:
            return
        events = kept
        unique = {e.event_id: e for e in events}  # the same event twice in one batch
        jid = uuid.uuid4().hex
        self.journal.insert_one({"_id": jid, "created_at": time.time()})
        docs = [{**event_document(e), "j": jid} for e in unique.values()]
        duplicates: set[int] = set()
        try:
            self.events.insert_many(docs, ordered=False)
        except BulkWriteError as exc:
            errors = exc.details.get("writeErrors", [])
            if exc.details.get("writeConcernErrors") or any(e.get("code") != 11000 for e in errors):
                raise
            duplicates = {e["index"] for e in errors}
        new = [d for i, d in enumerate(docs) if i not in duplicates]
        result.events_new = len(new)
        result.events_duplicate = len(events) - len(new)
        if new:
            deltas, last = _deltas(new)
            result.tracks_touched.update(deltas)
            self._apply(jid, deltas, last)
        self.journal.delete_one({"_id": jid})

    def _apply(self, jid: str, deltas: dict[str, dict[str, int]], last: dict[str, float]) -> None:
        ops = []
        for track_id, inc in deltas.items():
            ops.append(
                UpdateOne(
                    {"_id": track_id, "applied": {"$ne": jid}},
                    {
                        "$inc": inc,
                        "$max": {"last_event_at": last[track_id]},
                        "$push": {"applied": {"$each": [jid], "$slice": -_APPLIED_MEMORY}},
                    },
                    upsert=True,
                )
            )
        try:
            self.stats.bulk_write(ops, ordered=False)
        except BulkWriteError as exc:
            # A document that already took this batch does not match the filter, so its
            # upsert collides on _id (E11000): exactly the "already applied" case, skipped.
            others = [e for e in exc.details.get("writeErrors", []) if e.get("code") != 11000]
            if others or exc.details.get("writeConcernErrors"):
                raise

    def recover(self) -> int:
        """Finish batches a crashed (or interrupted) attempt left behind; returns how many."""
        n = 0
        for journal in list(self.journal.find({})):
            jid = journal["_id"]
            fields = {"track_id": 1, "type": 1, "timestamp": 1, "position": 1, "duration": 1}
            tagged = list(self.events.find({"j": jid}, fields))
            if tagged:
                deltas, last = _deltas(tagged)
                self._apply(jid, deltas, last)
            self.journal.delete_one({"_id": jid})
            n += 1
        return n

    # --- worker state ----------------------------------------------------------------------
    def note(self, **values: Any) -> None:
        """Record worker facts (last training, counts) for ``encore backend status``."""
        self.state.update_one({"_id": "worker"}, {"$set": values}, upsert=True)


def _kept(data: bytes | None) -> bytes | None:
    return None if data is None else bytes(data[:DEAD_LETTER_BYTES])


def _deltas(docs: list[dict[str, Any]]) -> tuple[dict[str, dict[str, int]], dict[str, float]]:
    """Per-track increments (:func:`engine.events.log.stats_increments`) and the newest event
    time per track."""
    last: dict[str, float] = {}
    for doc in docs:
        last[doc["track_id"]] = max(last.get(doc["track_id"], 0.0), doc["timestamp"])
    return stats_increments(docs), last
