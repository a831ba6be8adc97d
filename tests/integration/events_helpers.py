"""Shared helpers for the play-event pipeline tests (real tansu broker, real mongod)."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from pymongo import MongoClient

from backend.worker import Worker
from engine.events.kafka import RECOMMENDATIONS
from engine.events.log import PLAY_EVENTS_COLLECTION, event_document
from engine.events.wire import PlayEvent, ResultsNotice, decode_notice

REPO = Path(__file__).resolve().parents[2]
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


def recommendation_notices(bootstrap: str) -> list[tuple[bytes, ResultsNotice]]:
    """Every results notice on the recommendations topic so far, with its key, oldest first."""
    from kafka import KafkaConsumer, TopicPartition

    consumer = KafkaConsumer(bootstrap_servers=[bootstrap], enable_auto_commit=False)
    try:
        part = TopicPartition(RECOMMENDATIONS, 0)
        consumer.assign([part])
        consumer.seek_to_beginning(part)
        end = consumer.end_offsets([part])[part]
        found = []
        while consumer.position(part) < end:
            for records in consumer.poll(timeout_ms=1000).values():
                found += [(r.key, decode_notice(r.value)) for r in records]
        return found
    finally:
        consumer.close()


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


def insert_events(database: Any, events: list[PlayEvent]) -> None:
    """Store events in MongoDB exactly as the worker does (without its stats journal)."""
    database[PLAY_EVENTS_COLLECTION].insert_many([event_document(e) for e in events])


def stats_total(database: Any) -> int:
    return sum(doc.get("events", 0) for doc in database.track_stats.find({}, {"events": 1}))


def committed_offsets(bootstrap: str, group: str) -> int:
    """Sum of the group's committed offsets over all partitions."""
    from kafka import KafkaAdminClient

    admin = KafkaAdminClient(bootstrap_servers=[bootstrap], request_timeout_ms=10_000)
    try:
        offsets = admin.list_group_offsets({group: None})[group]
    finally:
        admin.close()
    return sum(max(meta.offset, 0) for meta in offsets.values())


def start_worker_process(
    env: dict[str, str], log: Path, batch: int = 10
) -> subprocess.Popen[bytes]:
    """``encore worker`` as its own process (the real command), output appended to ``log``."""
    with open(log, "ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "engine.cli", "worker", "--batch", str(batch), "--no-training"],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def wait_count(collection, predicate, timeout: float, proc: subprocess.Popen, log: Path) -> int:
    # The worker is another process: poll MongoDB with a deadline.
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        n = collection.count_documents({})
        if predicate(n):
            return n
        if proc.poll() is not None:
            pytest.fail(f"worker exited with {proc.returncode}: {log.read_text()[-2000:]}")
        time.sleep(0.05)
    pytest.fail(f"timed out; {collection.name} has {collection.count_documents({})} documents")
