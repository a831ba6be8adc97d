"""Play events and features: outbox → real Kafka-protocol broker → worker → real MongoDB."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from engine.context import build_context
from engine.events.kafka import PLAY_EVENTS, TRACK_FEATURES, make_producer
from engine.events.wire import PlayEvent, encode
from engine.feature_version import FEATURE_VERSION
from engine.library_ops.track_features import publish_track_features
from engine.models import Track, TrackFeatures
from engine.stores.mongo import MongoStore
from tests.integration.events_helpers import make_events, mongo_db, running_worker, stats_total
from tests.servers.tansu import TansuBroker
from tests.servers.waits import DELIVERY_WAIT_S

pytestmark = [pytest.mark.servers]


@pytest.fixture
def server_env(monkeypatch, own_tansu: TansuBroker, mongo_test_uri: str) -> TansuBroker:
    monkeypatch.setenv("ENCORE_KAFKA", own_tansu.bootstrap)
    monkeypatch.setenv("ENCORE_MONGO", mongo_test_uri)
    return own_tansu


def test_recorded_events_are_in_mongo_exactly_once(
    server_env: TansuBroker, mongod_uri: str, mongo_db_name: str
) -> None:
    events = make_events(1500)
    db = mongo_db(mongod_uri, mongo_db_name)
    with build_context() as ctx:
        for event in events:
            ctx.recorder.record(event)
        # The same 200 events again, as a publisher retry after a lost acknowledgement would.
        ctx.recorder.record_many(events[:200])
        assert ctx.events.publisher.wait_delivered(DELIVERY_WAIT_S)
        with running_worker(server_env.bootstrap, db) as worker:
            assert worker.wait_for(lambda s: s.events_new + s.events_duplicate >= 1700, 90)
        assert worker.status.events_new == 1500
        assert worker.status.events_duplicate == 200
    assert db.play_events.count_documents({}) == 1500
    stored = db.play_events.find_one({"_id": events[7].event_id})
    assert stored["track_id"] == events[7].track_id and stored["type"] == events[7].type
    expected = Counter((e.track_id, e.type) for e in events)
    for doc in db.track_stats.find({}):
        for kind, n in doc["counts"].items():
            assert expected[(doc["_id"], kind)] == n
    assert stats_total(db) == 1500
    assert db.stats_journal.count_documents({}) == 0
    # Server mode: popularity reads what the worker stored.
    with build_context() as ctx:
        assert sum(1 for _ in ctx.event_log.iter_events()) == 1500
        assert sum(1 for _ in ctx.event_log.iter_events(since=1.7e9 + 1000)) == 500


def test_features_from_a_desktop_become_trainable_on_the_server(
    monkeypatch,
    own_tansu: TansuBroker,
    mongod_uri: str,
    mongo_db_name: str,
    mongo_test_uri: str,
    rng: np.random.Generator,
) -> None:
    """A desktop with only Kafka configured (SQLite library) analyses tracks; the worker puts
    them into the server's MongoStore, whose feature matrix (what training reads) has them."""
    names = ("tempo", "centroid", "rms")
    tracks = [
        Track(track_id=f"t{i}", path=f"/music/{i}.ogg", title=f"Song {i}", artist="Band")
        for i in range(5)
    ]
    vectors = rng.normal(size=(5, 3)).astype(np.float32)
    server_store = MongoStore(mongo_test_uri)
    # t4 was imported on the server too (same id, the server's own file): it keeps its path.
    server_store.upsert_tracks([replace(tracks[4], path="/srv/music/4.ogg")])
    monkeypatch.setenv("ENCORE_KAFKA", own_tansu.bootstrap)
    db = mongo_db(mongod_uri, mongo_db_name)
    with build_context() as ctx:
        assert type(ctx.store).__name__ == "SQLiteStore"
        ctx.store.upsert_tracks(tracks)
        ctx.store.put_features(
            TrackFeatures(t.track_id, v, names, FEATURE_VERSION, t.signature.token())
            for t, v in zip(tracks, vectors, strict=True)
        )
        assert publish_track_features(ctx, [t.track_id for t in tracks]) == 5
        # t0 analysed again (new vector): same track id, the newer message wins.
        ctx.store.put_features([TrackFeatures("t0", vectors[0] * 2, names, FEATURE_VERSION, "1:1")])
        assert publish_track_features(ctx, ["t0"]) == 1
        assert ctx.events.publisher.wait_delivered(DELIVERY_WAIT_S)
        with running_worker(own_tansu.bootstrap, db) as worker:
            assert worker.wait_for(lambda s: s.features >= 6, 90)
    try:
        ids, matrix, got_names = server_store.feature_matrix()
        assert ids == ["t4", "t0", "t1", "t2", "t3"]  # t4 was there first
        assert got_names == names
        np.testing.assert_allclose(matrix[1:], np.vstack([vectors[0] * 2, vectors[1:4]]))
        np.testing.assert_allclose(matrix[0], vectors[4])
        assert server_store.get_track("t3").title == "Song 3"
        assert server_store.get_track("t3").analysis == "analysed"
        assert server_store.get_track("t4").path == "/srv/music/4.ogg"
        assert server_store.counts()["analysed"] == 5
        assert server_store.tracks_to_analyse() == []
        # One schema: no collection of the worker's own for features.
        assert "track_features" not in db.list_collection_names()
    finally:
        server_store.close()


def test_broker_down_while_recording_loses_nothing(
    server_env: TansuBroker, mongod_uri: str, mongo_db_name: str
) -> None:
    db = mongo_db(mongod_uri, mongo_db_name)
    first, second, third = (
        make_events(300),
        make_events(400, t0=1.71e9),
        make_events(250, t0=1.72e9),
    )
    with build_context() as ctx, running_worker(server_env.bootstrap, db) as worker:
        publisher = ctx.events.publisher
        ctx.recorder.record_many(first)
        assert publisher.wait_delivered(DELIVERY_WAIT_S)
        assert worker.wait_for(lambda s: s.events_new >= 300, 90)

        server_env.stop()  # down while the app keeps recording
        for event in second:
            ctx.recorder.record(event)
        assert not publisher.wait_delivered(2)
        assert ctx.events.outbox.pending_count() == 400

        server_env.start()  # back (empty: in-memory storage), same address
        for event in third:
            ctx.recorder.record(event)
        assert publisher.wait_delivered(DELIVERY_WAIT_S)
        assert worker.wait_for(lambda s: s.events_new >= 950, 120)
    assert db.play_events.count_documents({}) == 950
    assert stats_total(db) == 950


def test_broker_down_before_the_app_starts(
    server_env: TansuBroker, mongod_uri: str, mongo_db_name: str, encore_home: Path
) -> None:
    server_env.stop()
    events = make_events(200)
    with build_context() as ctx:
        ctx.recorder.record_many(events)
        assert not ctx.events.publisher.wait_delivered(1)
    # Restarted app, broker back: the rows left pending ship without anything new recorded.
    server_env.start()
    db = mongo_db(mongod_uri, mongo_db_name)
    with build_context() as ctx:
        assert ctx.events.publisher.wait_delivered(DELIVERY_WAIT_S)
        with running_worker(server_env.bootstrap, db) as worker:
            assert worker.wait_for(lambda s: s.events_new >= 200, 90)
    assert db.play_events.count_documents({}) == 200


def test_malformed_messages_go_to_dead_letters(
    server_env: TansuBroker, mongod_uri: str, mongo_db_name: str
) -> None:
    from engine.events.kafka import ensure_topics

    ensure_topics(server_env.bootstrap)
    good = make_events(50)
    producer = make_producer(server_env.bootstrap)
    producer.send(PLAY_EVENTS, key=b"d", value=b"\xffnot json")
    producer.send(PLAY_EVENTS, key=b"d", value=b'{"track_id": "t", "type": "dance"}')
    producer.send(
        TRACK_FEATURES,
        key=b"t",
        value=b'{"schema_version": 1, "track_id": "t", "names": ["a", "b"], "vector": [1.0]}',
    )
    for event in good:
        producer.send(PLAY_EVENTS, key=event.device_id.encode(), value=encode(event))
    # An envelope with one bad record: the good one is stored, the bad one dead-lettered alone.
    extra = make_events(1, t0=1.73e9)[0]
    producer.send(PLAY_EVENTS, key=b"d", value=b"[" + encode(extra) + b', {"track_id": 5}]')
    producer.flush(30)
    producer.close()
    db = mongo_db(mongod_uri, mongo_db_name)
    with running_worker(server_env.bootstrap, db) as worker:
        assert worker.wait_for(lambda s: s.events_new >= 51 and s.dead_letters >= 4, 90)
    reasons = sorted(d["reason"] for d in db.dead_letters.find({}))
    assert len(reasons) == 4
    assert any("not UTF-8" in r for r in reasons)
    assert any(r.startswith("type") or "device_id" in r for r in reasons)
    assert any(r.startswith("vector") for r in reasons)
    assert db.play_events.count_documents({}) == 51
    in_envelope = db.dead_letters.find_one({"index": 1})
    assert in_envelope["reason"].startswith("track_id")
    assert in_envelope["value"] == b'{"track_id": 5}'
    raw = db.dead_letters.find_one({"topic": PLAY_EVENTS, "value": b"\xffnot json"})
    assert raw is not None and raw["key"] == b"d"


def test_event_log_in_server_mode_needs_both_servers(monkeypatch, kafka_bootstrap: str) -> None:
    """Kafka without MongoDB: popularity keeps reading this machine's outbox."""
    monkeypatch.setenv("ENCORE_KAFKA", kafka_bootstrap)
    with build_context() as ctx:
        ctx.recorder.record(PlayEvent(track_id="t", type="like", device_id="d"))
        assert [e.type for e in ctx.event_log.iter_events()] == ["like"]
        assert ctx.events.publisher.wait_delivered(DELIVERY_WAIT_S)
