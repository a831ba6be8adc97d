"""Play-event pipeline benchmark: outbox → Kafka-protocol broker → worker → MongoDB.

Starts a real ``tansu`` broker and a real ``mongod`` (the test servers) on 127.0.0.1, then

1. records N events into the outbox, starts the publisher and a worker, and times until all N
   are in MongoDB (end-to-end throughput, target ≥ 10,000 events/s);
2. times ``record()`` one event at a time while the publisher ships a backlog
   (target p99 ≤ 0.5 ms).

Run: ``python -m bench.events_bench [--events 100000]``
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from backend.worker import Worker  # noqa: E402
from engine.events.kafka import ensure_topics  # noqa: E402
from engine.events.outbox import Outbox  # noqa: E402
from engine.events.publisher_process import PublisherProcess  # noqa: E402
from engine.events.recorder import Recorder  # noqa: E402
from engine.events.wire import PlayEvent  # noqa: E402
from tests.servers.mongod import start_mongod  # noqa: E402
from tests.servers.tansu import start_tansu  # noqa: E402

THROUGHPUT_TARGET = 10_000.0
P99_TARGET_MS = 0.5
TYPES = ("play", "complete", "skip", "like", "pause")


def _events(n: int, t0: float) -> list[PlayEvent]:
    return [
        PlayEvent(
            track_id=f"track-{i % 5000:05d}",
            type=TYPES[i % 5],
            device_id=f"device-{i % 50}",
            position=float(i % 300),
            duration=300.0,
            timestamp=t0 + i * 0.01,
        )
        for i in range(n)
    ]


def throughput(bootstrap: str, database, work: Path, n: int) -> dict[str, float]:
    outbox = Outbox(work / "throughput.sqlite3")
    Recorder(outbox).record_many(_events(n, 1.7e9))
    ensure_topics(bootstrap)
    publisher = PublisherProcess(outbox, bootstrap)
    worker = Worker(bootstrap, database, batch=5000, consumer_overrides={"group_id": "bench"})
    thread = threading.Thread(target=worker.run, daemon=True)
    thread.start()
    worker.ready.wait(60)
    # Let the group join settle before the clock starts: it is a one-off, not throughput.
    worker.wait_for(lambda s: False, 8)
    start = time.perf_counter()
    publisher.start()
    assert publisher.wait_delivered(600), "publisher did not finish"
    published = time.perf_counter() - start
    assert worker.wait_for(lambda s: s.events_new >= n, 600), "worker did not finish"
    total = time.perf_counter() - start
    worker.stop()
    thread.join(60)
    publisher.stop()
    outbox.close()
    stored = database.play_events.count_documents({})
    assert stored == n, f"{stored} stored, expected {n}"
    return {"published_s": published, "total_s": total, "events": n}


def record_latency(bootstrap: str, work: Path, backlog: int, samples: int) -> np.ndarray:
    outbox = Outbox(work / "latency.sqlite3", manual_checkpoint=True)
    recorder = Recorder(outbox)
    recorder.record_many(_events(backlog, 1.71e9))
    publisher = PublisherProcess(outbox, bootstrap).start()
    recorder.wake = publisher.bell
    events = _events(samples, 1.72e9)
    took = np.empty(samples)
    # Wait until the publisher is actually shipping before measuring.
    while outbox.pending_count() > backlog - 5000:
        time.sleep(0.01)
    pending_before = outbox.pending_count()
    started = time.perf_counter()
    for i, event in enumerate(events):
        t = time.perf_counter()
        recorder.record(event)
        took[i] = time.perf_counter() - t
        if i % 5 == 0:
            # A player records a handful per second, not in a tight loop; pausing also spreads
            # the samples over seconds of the publisher's work instead of a fraction of one.
            time.sleep(0.001)
    window = time.perf_counter() - started
    shipped = pending_before + samples - outbox.pending_count()
    publisher.stop(drain_timeout=0)
    outbox.close()
    print(
        f"  sampling took {window:.1f} s; the publisher shipped {shipped:,} rows meanwhile "
        f"({shipped / window:,.0f}/s, at its default lower CPU priority)"
    )
    return took * 1000.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=5_000)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    logging.getLogger("kafka").setLevel(logging.CRITICAL)
    from pymongo import MongoClient

    print(f"machine: {os.cpu_count()} cores; other processes may be loading the CPU")
    print("load average at start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    with tempfile.TemporaryDirectory(prefix="encore-events-bench-") as tmp:
        work = Path(tmp)
        broker = start_tansu(work)
        mongod = start_mongod(work / "mongod")
        client = MongoClient(mongod.uri)
        try:
            result = throughput(broker.bootstrap, client["bench"], work, args.events)
            latency = record_latency(broker.bootstrap, work, args.events, args.samples)
        finally:
            client.close()
            mongod.stop()
            broker.stop()
    rate = result["events"] / result["total_s"]
    pub_rate = result["events"] / result["published_s"]
    p50, p99, worst = np.percentile(latency, [50, 99, 100])
    rows = [
        ("outbox → broker (acks=all)", f"{pub_rate:,.0f} events/s", ""),
        (
            "outbox → broker → worker → MongoDB",
            f"{rate:,.0f} events/s ({result['events']:,} in {result['total_s']:.1f} s)",
            f"≥ {THROUGHPUT_TARGET:,.0f}/s {'PASS' if rate >= THROUGHPUT_TARGET else 'FAIL'}",
        ),
        ("record() p50, publisher busy", f"{p50:.3f} ms", ""),
        (
            "record() p99, publisher busy",
            f"{p99:.3f} ms",
            f"≤ {P99_TARGET_MS} ms {'PASS' if p99 <= P99_TARGET_MS else 'FAIL'}",
        ),
        ("record() max", f"{worst:.3f} ms", ""),
    ]
    print("load average at end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    width = max(len(r[0]) for r in rows)
    print(f"\n{'measure':<{width}}  {'value':<40}  target")
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:<40}  {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
