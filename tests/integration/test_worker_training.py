"""The worker's training trigger with the real Spark job, on features that came through Kafka.

A desktop with only Kafka configured (SQLite library) analyses a small library and publishes its
features; the worker stores them in the server's MongoStore, the trigger fires on the number of
new tracks, the registered "train" job runs on a local Spark session against that store, and a
results notice appears on ``encore.recommendations``.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from backend.sink import MongoSink
from backend.training import TrainingPolicy, TrainingTrigger
from backend.worker import Worker
from bench.synthetic_library import analysed_features
from engine.analysis.features import FEATURE_NAMES
from engine.context import build_context
from engine.library_ops.track_features import publish_track_features
from engine.models import Track
from engine.stores.mongo import MongoStore
from tests.integration.events_helpers import mongo_db, recommendation_notices
from tests.servers.tansu import TansuBroker
from tests.servers.waits import DELIVERY_WAIT_S

pytestmark = [pytest.mark.servers, pytest.mark.spark, pytest.mark.slow]

SIZES = (14, 12, 10)


def test_features_from_kafka_train_on_the_server_and_announce_results(
    monkeypatch,
    tmp_path: Path,
    own_tansu: TansuBroker,
    mongod_uri: str,
    mongo_db_name: str,
    mongo_test_uri: str,
    rng: np.random.Generator,
) -> None:
    d = len(FEATURE_NAMES)
    centres = rng.normal(scale=8.0, size=(len(SIZES), d))
    matrix = np.concatenate(
        [c + rng.normal(size=(n, d)) for c, n in zip(centres, SIZES, strict=True)]
    )
    truth = np.repeat(np.arange(len(SIZES)), SIZES)
    ids = [f"{i:04d}" + "cd" * 14 for i in range(len(matrix))]

    # The desktop: Kafka only, its library in SQLite.
    monkeypatch.setenv("ENCORE_KAFKA", own_tansu.bootstrap)
    with build_context() as desktop:
        tracks = [
            Track(tid, f"/music/{tid}.ogg", f"Song {i}", artist=f"Band {truth[i]}")
            for i, tid in enumerate(ids)
        ]
        desktop.store.upsert_tracks(tracks)
        desktop.store.put_features(analysed_features(tracks, matrix, FEATURE_NAMES))
        assert publish_track_features(desktop) == len(ids)
        assert desktop.events.publisher.wait_delivered(DELIVERY_WAIT_S)

    # The server: its own data dir, MongoDB as the store, Spark local.
    monkeypatch.setenv("ENCORE_HOME", str(tmp_path / "server-home"))
    monkeypatch.setenv("ENCORE_MONGO", mongo_test_uri)
    db = mongo_db(mongod_uri, mongo_db_name)
    policy = TrainingPolicy(every_s=None, min_new_events=10**9, min_new_tracks=len(ids))
    with build_context() as server:
        sink = MongoSink(db)
        trigger = TrainingTrigger(server, policy, on_done=lambda s: sink.note(last_training=s))
        worker = Worker(own_tansu.bootstrap, db, trigger=trigger)
        thread = threading.Thread(target=worker.run, daemon=True)
        thread.start()
        try:
            assert worker.wait_for(lambda s: s.features >= len(ids), 90)
            assert trigger.done.wait(300), "training did not finish"
        finally:
            worker.stop()
            thread.join(60)
        assert trigger.last_error is None and trigger.runs == 1
        # The notice goes out through the server's own outbox and publisher.
        assert server.events.publisher.wait_delivered(DELIVERY_WAIT_S)

    store = MongoStore(mongo_test_uri)
    try:
        run = store.active_run()
        assert run is not None and run.n_tracks == len(ids)
        # Blobs this far apart are the clusters: every track's cluster mates share its blob.
        for i, tid in enumerate(ids):
            mates = store.cluster_members(store.cluster_of(tid))
            assert {int(truth[ids.index(m)]) for m in mates} == {int(truth[i])}
        near = store.neighbours(ids[0], 5)
        assert near and all(truth[ids.index(n.track_id)] == truth[0] for n in near)
    finally:
        store.close()
    notices = recommendation_notices(own_tansu.bootstrap)
    assert [(key, n.run_id, n.n_tracks) for key, n in notices] == [(b"all", run.run_id, len(ids))]
    last = db.worker_state.find_one({"_id": "worker"})["last_training"]
    assert last["ok"] is True and last["run_id"] == run.run_id
