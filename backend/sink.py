"""MongoDB side of the worker: idempotent batch writes of play events, features and stats.

Redelivery (a crash before the offset commit, a rebalance) must change nothing. Events are
upserted by event id with ``$setOnInsert``; track features are upserted by track id. Per-track
aggregates are the hard part without multi-document transactions, so they go through a small
journal:

1. upsert the events, each new one with ``counted: false``;
2. collect this batch's events that are still uncounted and write one journal document
   (``_id`` = hash of their ids) holding the per-track increments;
3. apply the journal to ``track_stats`` with a filter ``applied != journal id``, so a second
   application of the same journal is a no-op;
4. mark the events counted, delete the journal.

A crash between any two steps is repaired by :meth:`MongoSink.recover` (run when a worker
starts): unfinished journals are applied (idempotently) and their events marked.
"""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from pymongo import ASCENDING, DESCENDING, UpdateOne

from engine.events.log import PLAY_EVENTS_COLLECTION
from engine.events.schema import PlayEvent

FEATURES_COLLECTION = "track_features"
STATS_COLLECTION = "track_stats"
JOURNAL_COLLECTION = "stats_journal"
DEAD_LETTERS_COLLECTION = "dead_letters"
WORKER_STATE_COLLECTION = "worker_state"
# How many recent journal ids a stats document remembers: only a journal re-applied during
# recovery needs to be recognised, and there is at most one unfinished per worker crash.
_APPLIED_MEMORY = 64


@dataclass
class BatchResult:
    events_new: int = 0
    events_duplicate: int = 0
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
    def __init__(self, database: Any) -> None:
        self.db = database
        self.events = database[PLAY_EVENTS_COLLECTION]
        self.features = database[FEATURES_COLLECTION]
        self.stats = database[STATS_COLLECTION]
        self.journal = database[JOURNAL_COLLECTION]
        self.dead = database[DEAD_LETTERS_COLLECTION]
        self.state = database[WORKER_STATE_COLLECTION]

    def ensure_indexes(self) -> None:
        self.events.create_index([("timestamp", ASCENDING)])
        self.events.create_index([("track_id", ASCENDING), ("type", ASCENDING)])
        self.events.create_index(
            [("counted", ASCENDING)], partialFilterExpression={"counted": False}
        )
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
                        "key": d.key,
                        "value": d.value,
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
        now = time.time()
        ops = [
            UpdateOne(
                {"_id": track_id},
                {
                    "$set": {
                        "names": f["names"],
                        "vector": f["vector"],
                        "feature_version": f.get("feature_version"),
                        "signature": f.get("signature"),
                        "metadata": f.get("metadata", {}),
                        "produced_at": f.get("produced_at"),
                        "stored_at": now,
                    }
                },
                upsert=True,
            )
            for track_id, f in latest.items()
        ]
        self.features.bulk_write(ops, ordered=False)

    def _write_events(self, events: list[PlayEvent], result: BatchResult) -> None:
        unique = {e.event_id: e for e in events}  # the same event twice in one batch
        ops = [
            UpdateOne(
                {"_id": event_id},
                {
                    "$setOnInsert": {
                        "track_id": e.track_id,
                        "type": e.type,
                        "device_id": e.device_id,
                        "position": e.position,
                        "duration": e.duration,
                        "timestamp": e.timestamp,
                        "schema_version": e.schema_version,
                        "counted": False,
                    }
                },
                upsert=True,
            )
            for event_id, e in unique.items()
        ]
        written = self.events.bulk_write(ops, ordered=False)
        result.events_new = written.upserted_count
        result.events_duplicate = len(events) - written.upserted_count
        uncounted = list(
            self.events.find(
                {"_id": {"$in": list(unique)}, "counted": False},
                {"track_id": 1, "type": 1, "timestamp": 1},
            )
        )
        if not uncounted:
            return
        journal = self._journal_for(uncounted)
        result.tracks_touched.update(journal["deltas"])
        self.journal.update_one({"_id": journal["_id"]}, {"$setOnInsert": journal}, upsert=True)
        self._apply(journal)

    @staticmethod
    def _journal_for(uncounted: list[dict[str, Any]]) -> dict[str, Any]:
        ids = sorted(doc["_id"] for doc in uncounted)
        digest = hashlib.sha1("\n".join(ids).encode("utf-8")).hexdigest()
        deltas: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        last: dict[str, float] = {}
        for doc in uncounted:
            deltas[doc["track_id"]][doc["type"]] += 1
            last[doc["track_id"]] = max(last.get(doc["track_id"], 0.0), doc["timestamp"])
        return {
            "_id": digest,
            "event_ids": ids,
            "deltas": {t: dict(d) for t, d in deltas.items()},
            "last": last,
            "created_at": time.time(),
        }

    def _apply(self, journal: dict[str, Any]) -> None:
        jid = journal["_id"]
        deltas: dict[str, dict[str, int]] = journal["deltas"]
        # Make sure every stats document exists, so the guarded update below needs no upsert
        # (an upsert with an "applied != jid" filter would try to insert a duplicate _id).
        self.stats.bulk_write(
            [UpdateOne({"_id": t}, {"$setOnInsert": {"applied": []}}, upsert=True) for t in deltas],
            ordered=False,
        )
        ops = []
        for track_id, by_type in deltas.items():
            inc = {f"counts.{kind}": n for kind, n in by_type.items()}
            inc["events"] = sum(by_type.values())
            inc["plays"] = by_type.get("play", 0)
            ops.append(
                UpdateOne(
                    {"_id": track_id, "applied": {"$ne": jid}},
                    {
                        "$inc": inc,
                        "$max": {"last_event_at": journal["last"][track_id]},
                        "$push": {"applied": {"$each": [jid], "$slice": -_APPLIED_MEMORY}},
                    },
                )
            )
        self.stats.bulk_write(ops, ordered=False)
        self.events.update_many({"_id": {"$in": journal["event_ids"]}}, {"$set": {"counted": True}})
        self.journal.delete_one({"_id": jid})

    def recover(self) -> int:
        """Finish journals a crashed worker left behind; returns how many."""
        n = 0
        for journal in list(self.journal.find({})):
            ids = journal["event_ids"]
            # Events are marked counted only after the stats took the journal, so a journal
            # whose events are all counted was applied: only its deletion was lost.
            if self.events.count_documents({"_id": {"$in": ids}, "counted": False}) == 0:
                self.journal.delete_one({"_id": journal["_id"]})
            else:
                self._apply(journal)
            n += 1
        return n

    # --- worker state ----------------------------------------------------------------------
    def note(self, **values: Any) -> None:
        """Record worker facts (last training, counts) for ``encore backend status``."""
        self.state.update_one({"_id": "worker"}, {"$set": values}, upsert=True)

    def state_doc(self) -> dict[str, Any]:
        return self.state.find_one({"_id": "worker"}) or {}
