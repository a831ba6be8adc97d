"""Server faults around the worker: killed mid-batch, MongoDB down."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from engine.context import build_context
from engine.events.kafka import WORKER_GROUP
from tests.integration.events_helpers import (
    committed_offsets,
    make_events,
    mongo_db,
    running_worker,
    start_worker_process,
    stats_total,
    wait_count,
)
from tests.integration.procfs import stopped, wait_for
from tests.servers.mongod import MongodServer, start_mongod
from tests.servers.tansu import TansuBroker
from tests.servers.waits import DELIVERY_WAIT_S

pytestmark = [pytest.mark.servers, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]


def test_worker_killed_mid_batch_loses_nothing_and_counts_once(
    monkeypatch, own_tansu: TansuBroker, mongod_uri: str, mongo_db_name: str, tmp_path: Path
) -> None:
    monkeypatch.setenv("ENCORE_KAFKA", own_tansu.bootstrap)
    monkeypatch.setenv("ENCORE_MONGO", f"{mongod_uri}/{mongo_db_name}")
    n = 6000
    with build_context() as ctx:
        # Many devices → many small envelopes → many batches of --batch 10 messages.
        ctx.recorder.record_many(make_events(n, devices=200))
        assert ctx.events.publisher.wait_delivered(DELIVERY_WAIT_S)
        # Every partition starts at offset 0, so "all committed" = the messages produced.
        end = ctx.events.publisher.status.messages
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    db = mongo_db(mongod_uri, mongo_db_name)
    log = tmp_path / "worker.log"

    first = start_worker_process(env, log)
    wait_count(db.play_events, lambda c: c >= 900, 120, first, log)
    # Frozen first, then counted: a stopped worker writes nothing more, so the count proves the
    # kill lands mid-run (counted before the stop, it could be stale by the time of the kill).
    first.send_signal(signal.SIGSTOP)
    wait_for(lambda: stopped(first.pid), "the worker to stop")
    assert db.play_events.count_documents({}) < n, "the worker finished before it was stopped"
    first.kill()  # SIGKILL: no chance to finish the batch or commit
    first.wait()

    second = start_worker_process(env, log)
    wait_count(db.play_events, lambda c: c >= n, 120, second, log)
    # Caught up means: every message of the topic is committed by the group (another
    # process, so poll with a deadline).
    deadline = time.monotonic() + 120
    while committed_offsets(own_tansu.bootstrap, WORKER_GROUP) < end:
        assert time.monotonic() < deadline, log.read_text()[-3000:]
        assert second.poll() is None, log.read_text()[-3000:]
        time.sleep(0.2)
    second.send_signal(signal.SIGTERM)
    assert second.wait(timeout=60) == 0, log.read_text()[-2000:]
    assert "worker stopped" in log.read_text()

    assert db.play_events.count_documents({}) == n
    assert db.stats_journal.count_documents({}) == 0
    assert stats_total(db) == n  # every event counted exactly once despite redelivery
    assert end > 0
    assert committed_offsets(own_tansu.bootstrap, WORKER_GROUP) == end


def test_mongo_down_worker_retries_without_committing(
    monkeypatch, own_tansu: TansuBroker, tmp_path: Path
) -> None:
    mongod: MongodServer = start_mongod(tmp_path / "mongod")
    try:
        monkeypatch.setenv("ENCORE_KAFKA", own_tansu.bootstrap)
        db = mongo_db(mongod.uri, "encore_faults")
        with build_context() as ctx, running_worker(own_tansu.bootstrap, db) as worker:
            group = worker.consumer_overrides["group_id"]
            ctx.recorder.record_many(make_events(500))
            assert worker.wait_for(lambda s: s.events_new >= 500, 90)
            assert ctx.events.publisher.wait_delivered(DELIVERY_WAIT_S)
            committed = committed_offsets(own_tansu.bootstrap, group)
            assert committed == ctx.events.publisher.status.messages > 0

            mongod.stop()
            ctx.recorder.record_many(make_events(300, t0=1.71e9))
            assert ctx.events.publisher.wait_delivered(DELIVERY_WAIT_S)
            assert worker.wait_for(lambda s: s.mongo_failures >= 2, 90)
            assert ctx.events.publisher.status.messages > committed  # new messages arrived...
            assert committed_offsets(own_tansu.bootstrap, group) == committed  # ...none committed

            mongod.start()  # same port and data
            assert worker.wait_for(lambda s: s.events_new >= 800, 120)
            produced = ctx.events.publisher.status.messages
            assert committed_offsets(own_tansu.bootstrap, group) == produced
        assert db.play_events.count_documents({}) == 800
        assert stats_total(db) == 800
    finally:
        mongod.stop()
