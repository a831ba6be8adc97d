"""Shared helpers for the play-event pipeline tests (real tansu broker, real mongod)."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pymongo import MongoClient

from backend.worker import Worker
from engine.events.wire import PlayEvent

TYPES = ("play", "complete", "skip", "like", "pause")


def make_events(
    n: int, *, devices: int = 3, tracks: int = 40, t0: float = 1.7e9
) -> list[PlayEvent]:
    return [
        PlayEvent(
            track_id=f"track-{i % tracks:03d}",
            type=TYPES[i % len(TYPES)],
            device_id=f"device-{i % devices}",
            position=float(i % 200),
            duration=200.0,
            timestamp=t0 + i,
        )
        for i in range(n)
    ]


@contextmanager
def running_worker(
    bootstrap: str, database: Any, *, batch: int = 500, **kwargs: Any
) -> Iterator[Worker]:
    """A worker thread with its own consumer group, stopped (SIGTERM-like) on exit."""
    overrides = {"group_id": f"test-{uuid.uuid4().hex[:8]}"}
    worker = Worker(bootstrap, database, batch=batch, consumer_overrides=overrides, **kwargs)
    thread = threading.Thread(target=worker.run, name="test-worker", daemon=True)
    thread.start()
    try:
        yield worker
    finally:
        worker.stop()
        thread.join(60)
        assert not thread.is_alive(), "worker did not stop"


def mongo_db(uri: str, name: str) -> Any:
    return MongoClient(uri, serverSelectionTimeoutMS=3000)[name]


def stats_total(database: Any) -> int:
    return sum(doc.get("events", 0) for doc in database.track_stats.find({}, {"events": 1}))
