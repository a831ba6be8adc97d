"""Hostile payloads on the worker's topics, through the real `encore worker` (issue 9, items 1-2).

Every message that is not a valid event or features report becomes a dead letter with its
reason; the valid ones of the same polls are stored, every offset is committed, and a restarted
worker neither dies on nor re-reads what was already handled.
"""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest

from engine.cli import main
from engine.events.kafka import PLAY_EVENTS, TRACK_FEATURES, WORKER_GROUP, ensure_topics
from engine.events.wire import PlayEvent, encode
from engine.events.wire_checks import MAX_MESSAGE_BYTES
from engine.models import Track
from engine.stores.mongo import MongoStore
from tests.integration.events_helpers import (
    REPO,
    committed_offsets,
    make_events,
    mongo_db,
    running_worker,
    start_worker_process,
    wait_count,
)
from tests.servers.tansu import TansuBroker

pytestmark = [pytest.mark.servers, pytest.mark.slow]

DAY = 86_400.0


def _event(**change: object) -> bytes:
    body = {"track_id": "t-bad", "type": "play", "device_id": "d", "timestamp": 1.7e9}
    body.update(change)
    return json.dumps(body).encode()


def _features(**change: object) -> bytes:
    body = {
        "schema_version": 1,
        "track_id": "t-bad",
        "names": ["a", "b"],
        "vector": [0.5, -1.0],
        "feature_version": 2,
        "signature": "1:2",
        "metadata": {"title": "T"},
    }
    body.update(change)
    return json.dumps(body).encode()


def _bad_play_events(now: float) -> list[bytes]:
    nested = b"[" * 100_000 + b"]" * 100_000
    return [
        b"null",
        b"42",
        b"true",
        b'"a string"',
        b"[1,2,3]",
        b"[null]",
        b"[]",
        nested,
        b'{"track_id": "t", "type": [], "device_id": "d", "timestamp": 1}',
        b"\xff\xfe\x00 not UTF-8",
        b'"' + b"x" * (MAX_MESSAGE_BYTES + 10) + b'"',  # huge
        b'{"track_id": "t", "type": "play", "device_id": "d", "timestamp": Infinity}',
        b'{"track_id": "t", "type": "play", "device_id": "d", "timestamp": -Infinity}',
        b'{"track_id": "t", "type": "play", "device_id": "d", "timestamp": NaN}',
        b'{"track_id": "t", "type": "play", "device_id": "d", "timestamp": 1e400}',
        b'{"track_id": "t", "type": "play", "device_id": "d", "timestamp": 99999999999999999999}',
        _event(timestamp=now + 2 * DAY),  # forged: from the future
        _event(position=float("nan")),  # json.dumps writes NaN
        _event(track_id="\ud800"),  # a lone surrogate: MongoDB cannot store it
        b'{"track_id": "t", "type": "play", "device_id": "d", "timestamp": 1' + b"0" * 5000 + b"}",
    ]


def _bad_features() -> list[bytes]:
    return [
        b"null",
        b"[null]",
        b"7",
        b"[" * 50_000 + b"]" * 50_000,
        _features(vector=[0.5, float("nan")]),
        _features(vector=[0.5, float("inf")]),
        b'{"schema_version": 1, "track_id": "t", "names": ["a"], "vector": [1e400],'
        b' "feature_version": 2, "signature": ""}',
        _features(metadata={"year": 10**30}),  # past MongoDB's 8-byte integers
        _features(names=["a", "\udc80"]),
        _features(feature_version=True),
    ]


def _end(sent: list) -> int:
    """What a caught-up group has committed: the next offset of every partition written to.
    (From the acknowledgements: tansu's ListOffsets answers the last batch's base offset.)"""
    ends: dict[tuple[str, int], int] = {}
    for future in sent:
        meta = future.get(0)  # raises if the broker refused the message
        key = (meta.topic, meta.partition)
        ends[key] = max(ends.get(key, 0), meta.offset + 1)
    return sum(ends.values())


def _wait_committed(bootstrap: str, end: int, proc, log: Path) -> None:
    # The worker is another process: poll the group's offsets with a deadline.
    deadline = time.monotonic() + 120
    while committed_offsets(bootstrap, WORKER_GROUP) < end:
        assert proc.poll() is None, f"worker exited: {log.read_text()[-3000:]}"
        assert time.monotonic() < deadline, log.read_text()[-3000:]
        time.sleep(0.1)


def _stop(proc, log: Path) -> None:
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 0, log.read_text()[-3000:]


def test_worker_dead_letters_every_bad_payload_and_keeps_going(
    monkeypatch, own_tansu: TansuBroker, mongod_uri: str, mongo_db_name: str, tmp_path: Path
) -> None:
    from kafka import KafkaProducer

    monkeypatch.setenv("ENCORE_KAFKA", own_tansu.bootstrap)
    monkeypatch.setenv("ENCORE_MONGO", f"{mongod_uri}/{mongo_db_name}")
    ensure_topics(own_tansu.bootstrap)
    now = time.time()
    bad_events, bad_features = _bad_play_events(now), _bad_features()
    good = make_events(60)
    producer = KafkaProducer(
        bootstrap_servers=[own_tansu.bootstrap], max_request_size=2 * MAX_MESSAGE_BYTES
    )
    # Bad and good interleaved on one key (one partition): the good ones share polls with
    # the bad ones, and a bad record inside an envelope costs only that record.
    sent = []
    for i, value in enumerate(bad_events):
        sent.append(producer.send(PLAY_EVENTS, key=b"dev", value=value))
        sent.append(producer.send(PLAY_EVENTS, key=b"dev", value=encode(good[i])))
    envelope = b"[" + encode(good[40]) + b",null,42," + encode(good[41]) + b"]"
    sent.append(producer.send(PLAY_EVENTS, key=b"dev", value=envelope))
    for value in bad_features:
        sent.append(producer.send(TRACK_FEATURES, key=b"t-bad", value=value))
    sent.append(producer.send(TRACK_FEATURES, key=b"t-good", value=_features(track_id="t-good")))
    producer.flush(60)
    producer.close()
    end = _end(sent)
    messages = len(bad_events) * 2 + 1 + len(bad_features) + 1
    assert end == messages

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    log = tmp_path / "worker.log"
    db = mongo_db(mongod_uri, mongo_db_name)
    first = start_worker_process(env, log, batch=1000)
    _wait_committed(own_tansu.bootstrap, end, first, log)
    stored = len(bad_events) + 2
    assert db.play_events.count_documents({}) == stored
    assert db.features.count_documents({"_id": "t-good"}) == 1
    letters = list(db.dead_letters.find({}))
    # Every bad message is a dead letter; an envelope's bad records are one each ("[1,2,3]"
    # is three, the mixed envelope holds two).
    messages_dead = {(d["topic"], d["partition"], d["offset"]) for d in letters}
    assert len(messages_dead) == len(bad_events) + len(bad_features) + 1
    assert len(letters) == len(bad_events) + 2 + len(bad_features) + 2
    for letter in letters:
        assert letter["reason"] and "\n" not in letter["reason"], letter["reason"]
        assert len(letter["value"] or b"") <= 64 * 1024  # the huge one is kept truncated
    reasons = " | ".join(d["reason"] for d in letters)
    for expected in ("JSON object, not null", "nested too deeply", "too large", "not UTF-8"):
        assert expected in reasons, reasons
    assert "more than a day in the future" in reasons
    assert "timestamp: must be a finite number" in reasons
    _stop(first, log)

    # Restarted: nothing is read twice and nothing kills it; a new event still arrives.
    second = start_worker_process(env, log, batch=1000)
    producer = KafkaProducer(bootstrap_servers=[own_tansu.bootstrap])
    late = producer.send(PLAY_EVENTS, key=b"dev", value=encode(make_events(1, t0=1.75e9)[0]))
    producer.flush(30)
    producer.close()
    assert _end([*sent, late]) == end + 1
    wait_count(db.play_events, lambda n: n >= stored + 1, 120, second, log)
    _wait_committed(own_tansu.bootstrap, end + 1, second, log)
    _stop(second, log)
    assert db.dead_letters.count_documents({}) == len(letters)
    assert db.play_events.count_documents({}) == stored + 1
    assert "Traceback" not in log.read_text()
    kept = db.play_events.count_documents({})
    print(
        f"\nwire faults: {messages + 1} messages tried ({len(bad_events) + len(bad_features)} "
        f"bad, 2 bad records in an envelope), {kept} of {stored + 1} valid events stored, "
        f"events lost = {stored + 1 - kept}"
    )


def test_forged_future_events_never_reach_popular_in_server_mode(
    monkeypatch, own_tansu: TansuBroker, mongod_uri: str, mongo_db_name: str, capsys
) -> None:
    from kafka import KafkaProducer

    uri = f"{mongod_uri}/{mongo_db_name}"
    store = MongoStore(uri)
    store.upsert_tracks(
        [
            Track(track_id="t-real", path="/m/real.ogg", title="Real", artist="A"),
            Track(track_id="t-forged", path="/m/forged.ogg", title="Forged", artist="F"),
        ]
    )
    store.close()
    ensure_topics(own_tansu.bootstrap)
    now = time.time()
    real = [
        PlayEvent(track_id="t-real", type="complete", device_id="d", timestamp=now - 3600 * i)
        for i in range(1, 6)
    ]
    forged_times = [repr(now + 2 * DAY), "4102444800", "99999999999999999999", "1e400", "NaN"]
    producer = KafkaProducer(bootstrap_servers=[own_tansu.bootstrap])
    for event in real:
        producer.send(PLAY_EVENTS, key=b"d", value=encode(event))
    for i in range(200):  # 40 times as many forged listens as real ones
        body = f'"track_id": "t-forged", "type": "complete", "device_id": "f{i}"'
        stamp = forged_times[i % len(forged_times)]
        producer.send(PLAY_EVENTS, key=b"f", value=f'{{{body}, "timestamp": {stamp}}}'.encode())
    producer.flush(30)
    producer.close()
    db = mongo_db(mongod_uri, mongo_db_name)
    with running_worker(own_tansu.bootstrap, db) as worker:
        assert worker.wait_for(lambda s: s.events_new + s.dead_letters >= 205, 90)
    assert worker.status.events_new == 5 and worker.status.dead_letters == 200

    monkeypatch.setenv("ENCORE_KAFKA", own_tansu.bootstrap)
    monkeypatch.setenv("ENCORE_MONGO", uri)
    assert main(["popular", "--json"]) == 0
    assert [t["track_id"] for t in json.loads(capsys.readouterr().out)] == ["t-real"]
