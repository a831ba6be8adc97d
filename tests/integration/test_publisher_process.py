"""The publisher child process: restarted when it dies, gone when the app is gone."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engine.context import build_context
from engine.events.kafka import PLAY_EVENTS
from tests.integration.events_helpers import make_events
from tests.servers.tansu import TansuBroker
from tests.servers.waits import DELIVERY_WAIT_S

pytestmark = [pytest.mark.servers]

REPO = Path(__file__).resolve().parents[2]


def _event_ids_on_broker(bootstrap: str) -> list[str]:
    """Every play event in the topic, envelopes unpacked (a fresh reader, no group)."""
    from kafka import KafkaConsumer, TopicPartition

    consumer = KafkaConsumer(bootstrap_servers=[bootstrap], enable_auto_commit=False)
    try:
        parts = [TopicPartition(PLAY_EVENTS, p) for p in consumer.partitions_for_topic(PLAY_EVENTS)]
        consumer.assign(parts)
        consumer.seek_to_beginning(*parts)
        end = consumer.end_offsets(parts)
        ids: list[str] = []
        while any(consumer.position(tp) < end[tp] for tp in parts):
            for records in consumer.poll(timeout_ms=1000).values():
                for record in records:
                    value = json.loads(record.value)
                    ids += [e["event_id"] for e in (value if isinstance(value, list) else [value])]
        return ids
    finally:
        consumer.close()


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # A zombie still answers signal 0; it is gone for our purpose once it has exited.
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] == "Z"
    except OSError:
        return True


def test_killed_publisher_is_restarted_and_nothing_is_lost(
    monkeypatch, own_tansu: TansuBroker
) -> None:
    monkeypatch.setenv("ENCORE_KAFKA", own_tansu.bootstrap)
    first, second = make_events(300), make_events(200, t0=1.71e9)
    with build_context() as ctx:
        publisher = ctx.events.publisher
        ctx.recorder.record_many(first)
        assert publisher.wait_delivered(DELIVERY_WAIT_S)
        old_pid = publisher.pid
        os.kill(old_pid, signal.SIGKILL)
        for event in second:
            ctx.recorder.record(event)
        assert publisher.wait_delivered(DELIVERY_WAIT_S)
        assert publisher.restarts == 1 and publisher.pid != old_pid
        assert publisher.status.delivered == 500  # counted over both children
        new_pid = publisher.pid
    assert _gone(new_pid), "closing the context left the publisher running"
    on_broker = _event_ids_on_broker(own_tansu.bootstrap)
    assert set(on_broker) == {e.event_id for e in first + second}


def test_publisher_exits_when_the_app_dies(monkeypatch, own_tansu: TansuBroker) -> None:
    monkeypatch.setenv("ENCORE_KAFKA", own_tansu.bootstrap)
    script = (
        "import os, signal\n"
        "from engine.context import build_context\n"
        "ctx = build_context()\n"
        "print(ctx.events.publisher.pid, flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    app = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert app.returncode == -signal.SIGKILL, app.stderr
    child = int(app.stdout.strip())
    # The orphan is another process: poll with a deadline for it to notice and exit.
    deadline = time.monotonic() + 60  # generous: a loaded CI machine; the wait ends at exit
    while not _gone(child):
        assert time.monotonic() < deadline, "the publisher outlived the app"
        time.sleep(0.05)
