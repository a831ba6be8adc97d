"""`history clear` in server mode: MongoDB loses this listener's events and their counts."""

from __future__ import annotations

import time

import pytest

from engine.events.forget import forget_on_server
from engine.events.wire import PlayEvent
from tests.integration.events_helpers import insert_events, mongo_db

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
    assert removed == 5
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
