"""The ``event_log`` fixture: every test in tests/events runs against each EventLog.

Each variant writes events the way production does (the recorder's outbox on a desktop; the
backend worker's sink into MongoDB) and reads them back through its EventLog, so the suite
checks the pair, not a hand-made copy of the storage format.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from engine.events.log import EventLog
from engine.events.wire import PlayEvent
from tests.implementations import implementation_params


@dataclass
class EventLogUnderTest:
    log: EventLog
    write: Callable[[list[PlayEvent]], None]
    # Stores one payload that is not a valid play event, as only a damaged store would hold.
    write_unreadable: Callable[[], None]


def _outbox(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[EventLogUnderTest]:
    from engine.events.kafka import PLAY_EVENTS
    from engine.events.log import OutboxLog
    from engine.events.outbox import Message, Outbox
    from engine.events.recorder import Recorder

    outbox = Outbox(tmp_path / "outbox.sqlite3")
    recorder = Recorder(outbox)
    bad = Message(topic=PLAY_EVENTS, key="d", payload=b'{"type": "dance"}', event_time=1.5e9)
    try:
        yield EventLogUnderTest(
            OutboxLog(outbox), recorder.record_many, lambda: outbox.append(bad) and None
        )
    finally:
        outbox.close()


def _mongo(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[EventLogUnderTest]:
    from pymongo import MongoClient

    from backend.sink import MongoSink
    from engine.events.log import PLAY_EVENTS_COLLECTION, MongoEventLog

    client: MongoClient = MongoClient(
        request.getfixturevalue("mongo_test_uri"), serverSelectionTimeoutMS=3000
    )
    db = client.get_default_database()
    sink = MongoSink(db)
    sink.ensure_indexes()
    bad = {"_id": "bad", "type": "dance", "timestamp": 1.5e9}
    try:
        yield EventLogUnderTest(
            MongoEventLog(db),
            lambda events: sink.write_batch(events, [], []) and None,
            lambda: db[PLAY_EVENTS_COLLECTION].insert_one(bad) and None,
        )
    finally:
        client.close()


LOG_FACTORIES = {"outbox": _outbox, "mongo": _mongo}
SERVER_LOGS = frozenset({"mongo"})


@pytest.fixture(params=implementation_params(LOG_FACTORIES, need_servers=SERVER_LOGS))
def event_log(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[EventLogUnderTest]:
    yield from LOG_FACTORIES[request.param](request, tmp_path)
