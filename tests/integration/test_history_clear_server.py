"""`history clear` in server mode: MongoDB loses this listener's events and their counts."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pytest

from engine.events.forget import OnServer, forget_on_server
from engine.events.wire import PlayEvent
from tests.integration.events_helpers import insert_events, mongo_db
from tests.servers.waits import DELIVERY_WAIT_S

pytestmark = pytest.mark.servers


def test_forget_on_server_removes_only_the_listeners_events(
    mongod_uri: str, mongo_db_name: str
) -> None:
    db = mongo_db(mongod_uri, mongo_db_name)
    now = time.time()
    events = [PlayEvent("x", "play", "me", timestamp=now - 100 * 86400) for _ in range(3)]
    events += [
        PlayEvent("x", "complete", "me", timestamp=now - 100 * 86400, position=200, duration=200)
    ]
    events += [PlayEvent("x", "play", "me", timestamp=now - 86400)]
    events += [PlayEvent("x", "play", "them", timestamp=now - 100 * 86400)]
    # Recorded under my profile on another device: mine too.
    events += [PlayEvent("x", "play", "tablet", timestamp=now - 100 * 86400, listener="me")]
    insert_events(db, events)
    db.track_stats.insert_one(
        {"_id": "x", "events": 7, "plays": 1, "counts": {"play": 6, "complete": 1}}
    )
    removed = forget_on_server(db, "me", before=now - 30 * 86400)
    assert removed.events == 5
    assert db.play_events.count_documents({"device_id": "me"}) == 1
    assert db.play_events.count_documents({"device_id": "them"}) == 1
    assert db.play_events.count_documents({"device_id": "tablet"}) == 0
    stats = db.track_stats.find_one({"_id": "x"})
    # A play is a complete heard past the threshold (engine.listening), not a start.
    assert (stats["events"], stats["plays"], stats["counts"]) == (2, 0, {"play": 2, "complete": 0})


def test_the_worker_keeps_the_listener_an_event_was_recorded_under(
    mongod_uri: str, mongo_db_name: str
) -> None:
    from backend.sink import MongoSink
    from engine.events.log import MongoEventLog

    db = mongo_db(mongod_uri, mongo_db_name)
    sink = MongoSink(db)
    sink.ensure_indexes()
    sink.write_batch(
        [PlayEvent("x", "play", "tablet", listener="ann"), PlayEvent("y", "play", "phone")], [], []
    )
    who = sorted(e.who for e in MongoEventLog(db).iter_events())
    assert who == ["ann", "phone"]


def test_clearing_history_drops_the_listeners_als_list(mongod_uri: str, mongo_db_name: str) -> None:
    """The listener's "listeners like you" songs were computed from the events that went: they
    go too, with --before as without (the list mixes cleared and kept events); others' stay."""
    from engine.recommend.listeners import ListenerResults

    db = mongo_db(mongod_uri, mongo_db_name)
    now = time.time()
    insert_events(db, [PlayEvent("x", "play", "me", timestamp=now - 100 * 86400)])
    results = ListenerResults(db)
    factors = np.ones((2, 3))
    results.save("old", {"me": [("a", 1.0)], "them": [("b", 1.0)]}, ["a", "b"], factors)
    results.save("new", {"me": [("b", 2.0)], "them": [("a", 2.0)]}, ["a", "b"], factors)
    gone = forget_on_server(db, "me", before=now - 30 * 86400)
    assert gone == OnServer(events=1, listener_lists=1)
    assert results.top_for("me") == []
    assert results.top_for("them") == [("a", 2.0)]
    assert sorted(results.factors(["a", "b"])) == ["a", "b"]  # shared by all: they stay
    # Nothing left to clear: still nothing of mine, and the counts say so.
    assert forget_on_server(db, "me", before=None) == OnServer(events=0, listener_lists=0)


def test_history_clear_cli_says_the_als_list_went_too(
    encore_home: Path,
    mongod_uri: str,
    mongo_db_name: str,
    mongo_test_uri: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
) -> None:
    from engine.cli import main
    from engine.config import load_config
    from engine.recommend.listeners import ListenerResults

    monkeypatch.setenv("ENCORE_MONGO", mongo_test_uri)
    me = load_config().listener
    db = mongo_db(mongod_uri, mongo_db_name)
    insert_events(db, [PlayEvent("x", "play", me, timestamp=time.time() - 400 * 86400)])
    ListenerResults(db).save("run", {me: [("x", 1.0)]}, ["x"], np.ones((1, 2)))
    assert main(["history", "clear", "--before", "2026-01-01"]) == 0
    out = capsys.readouterr().out
    assert "forgot 0 play events before 2026-01-01 on this machine; 1 on the server" in out
    assert 'removed your "listeners like you" songs' in out
    assert ListenerResults(db).top_for(me) == []
    assert main(["history", "clear", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "local": 0,
        "server": 0,
        "listeners_like_you": 0,
    }


def test_a_run_that_read_before_a_clear_does_not_bring_the_list_back(
    mongod_uri: str, mongo_db_name: str
) -> None:
    """A training reading events while the listener clears saves a list made from what went:
    its save drops the lists of listeners who cleared since the run began reading."""
    from engine.recommend.listeners import ListenerResults

    results = ListenerResults(mongo_db(mongod_uri, mongo_db_name))
    results.forget("them")  # an older clear, before the run: their new list is made without it
    marks = results.clear_marks()  # the run notes them before reading events
    results.forget("me")  # the listener clears while the run fits
    top = {"me": [("a", 1.0)], "them": [("b", 1.0)]}
    results.save("run", top, ["a", "b"], np.ones((2, 2)), cleared_since=marks)
    assert results.top_for("me") == []
    assert results.top_for("them") == [("b", 1.0)]


def test_events_still_in_kafka_at_a_clear_do_not_come_back(
    monkeypatch: pytest.MonkeyPatch,
    own_tansu,
    mongo_test_uri: str,
    mongod_uri: str,
    mongo_db_name: str,
) -> None:
    """Published before the clear, consumed after it: the worker drops them (the clear's
    cut-off), keeps another listener's and what is played after the clear; an import after
    the clear is stored (it lifts the cut-off)."""
    from engine.context import build_context
    from engine.events.forget import allow_imported, forget_history
    from tests.integration.events_helpers import running_worker

    monkeypatch.setenv("ENCORE_KAFKA", own_tansu.bootstrap)
    monkeypatch.setenv("ENCORE_MONGO", mongo_test_uri)
    db = mongo_db(mongod_uri, mongo_db_name)
    now = time.time()
    with build_context() as ctx:
        me = ctx.config.listener
        mine = [PlayEvent("x", "play", me, timestamp=now - 60 - i) for i in range(5)]
        theirs = [PlayEvent("x", "play", "them", timestamp=now - 60)]
        ctx.recorder.record_many(mine + theirs)
        assert ctx.events.publisher.wait_delivered(DELIVERY_WAIT_S)  # in Kafka, not yet in MongoDB
        gone = forget_history(ctx.recorder.outbox, me, ctx.config.mongo_uri, before=None, now=now)
        assert gone.local == 5 and gone.server is not None and gone.server.events == 0
        later = PlayEvent("y", "play", me, timestamp=now + 1)
        ctx.recorder.record(later)
        assert ctx.events.publisher.wait_delivered(DELIVERY_WAIT_S)
        with running_worker(own_tansu.bootstrap, db) as worker:
            assert worker.wait_for(lambda s: s.events_new + s.events_cleared >= 7, 90)
            assert (worker.status.events_new, worker.status.events_cleared) == (2, 5)
            assert {d["_id"] for d in db.play_events.find({})} == {
                theirs[0].event_id,
                later.event_id,
            }
            assert stats_of(db, "x") == 1  # only theirs counted

            # An imported history is old on purpose: the import lifts the cut-off.
            old = PlayEvent("z", "complete", me, timestamp=now - 400 * 86400, duration=9)
            allow_imported(ctx.config.mongo_uri, me)
            ctx.recorder.record(old)
            assert worker.wait_for(lambda s: s.events_new >= 3, 90)
        assert db.play_events.count_documents({"_id": old.event_id}) == 1
        assert worker.status.events_cleared == 5


def stats_of(db, track_id: str) -> int:
    doc = db.track_stats.find_one({"_id": track_id}) or {}
    return int(doc.get("events", 0))
