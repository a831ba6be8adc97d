"""Property tests for every decoder of outside data on the event side (issue 9).

Play events and features messages on the wire, the worker's split of a poll, and history files
(JSON lines, ListenBrainz lines and arrays): whatever the bytes, each record either parses to
a valid value (finite numbers, non-empty ids, storable in MongoDB) or is refused with one
:class:`EventFormatError` line (a history file as a whole: one ``HistoryFileError`` line) —
never another exception, and no valid event is lost on the way.
"""

from __future__ import annotations

import json
import math
import re
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import bson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend.worker import parse_records
from engine.events.history import HistoryFileError, read_history
from engine.events.kafka import PLAY_EVENTS, TRACK_FEATURES
from engine.events.wire import (
    EVENT_TYPES,
    EventFormatError,
    PlayEvent,
    decode,
    decode_features,
    encode,
)
from engine.events.wire_checks import FUTURE_SLACK_S
from engine.models import Track

NOW = time.time()
# Derandomised: the same examples on every run and machine, as every other test here.
BOUNDED = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
TRIED = {"messages": 0, "history lines": 0, "valid events": 0, "valid events lost": 0}
LIBRARY = [Track(track_id=f"t{i}", path=f"/m/{i}.ogg", title=f"S{i}", artist="A") for i in range(3)]


@pytest.fixture(scope="module", autouse=True)
def figures() -> Iterator[None]:
    yield
    print("\nwire/history properties: " + ", ".join(f"{k} {v}" for k, v in TRIED.items()))


# --- strategies -----------------------------------------------------------------------------
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),  # includes lone surrogates
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
times = st.one_of(
    st.floats(min_value=0, max_value=NOW + 3 * FUTURE_SLACK_S), st.integers(0, 2**70), values
)
seconds = st.one_of(st.floats(min_value=0, max_value=1e12), st.integers(-5, 10**20), values)
ids = st.one_of(st.text(min_size=1, max_size=20), st.sampled_from(["t1", "dev", ""]), values)

event_dicts = st.fixed_dictionaries(
    {},
    optional={
        "track_id": ids,
        "type": st.one_of(st.sampled_from(sorted(EVENT_TYPES)), values),
        "device_id": ids,
        "position": seconds,
        "duration": seconds,
        "timestamp": times,
        "event_id": ids,
        "schema_version": st.one_of(st.just(1), values),
        "extra": values,
    },
)
feature_dicts = st.fixed_dictionaries(
    {},
    optional={
        "schema_version": st.one_of(st.just(1), values),
        "track_id": ids,
        "names": st.one_of(st.lists(st.text(max_size=4), max_size=4), values),
        "vector": st.one_of(st.lists(st.floats() | st.integers(), max_size=4), values),
        "feature_version": st.one_of(st.integers(-3, 2**40), values),
        "signature": st.one_of(st.text(max_size=8), values),
        "metadata": st.one_of(
            st.fixed_dictionaries(
                {}, optional={k: values for k in ("title", "artist", "year", "duration", "x")}
            ),
            values,
        ),
        "produced_at": times,
    },
)


def _as_json(value: object) -> bytes:
    # Python's json writes NaN / Infinity tokens for non-finite floats, as a careless producer
    # would; surrogates are escaped as \udXXX.
    return json.dumps(value).encode()


def payloads(shaped: st.SearchStrategy[dict]) -> st.SearchStrategy[object]:
    """Shaped dicts, their JSON, JSON with bytes flipped or cut, any JSON value, any bytes."""
    as_json = shaped.map(_as_json)
    broken = st.tuples(as_json, st.integers(0, 400), st.binary(max_size=3)).map(
        lambda t: t[0][: t[1]] + t[2] + t[0][t[1] + 1 :]
    )
    return st.one_of(shaped, as_json, broken, values.map(_as_json), st.binary(max_size=40))


# --- the checks -----------------------------------------------------------------------------
def _one_line(exc: Exception) -> None:
    text = str(exc)
    assert text and "\n" not in text and len(text) < 600, text


def _valid_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip()) and bool(value.encode("utf-8"))


def check_event(event: PlayEvent) -> None:
    assert _valid_text(event.track_id) and _valid_text(event.device_id)
    assert _valid_text(event.event_id) and event.type in EVENT_TYPES
    for number in (event.position, event.duration, event.timestamp):
        assert isinstance(number, float) and math.isfinite(number) and number >= 0
    assert event.timestamp <= NOW + FUTURE_SLACK_S
    bson.encode(asdict(event))  # MongoDB can store it
    assert decode(encode(event)) == event  # and it travels unchanged


def check_features(body: dict) -> None:
    assert _valid_text(body["track_id"])
    assert body["names"] and all(_valid_text(n) or n for n in body["names"])
    assert len(body["vector"]) == len(body["names"])
    assert all(isinstance(x, float) and math.isfinite(x) for x in body["vector"])
    assert isinstance(body["feature_version"], int) and isinstance(body["metadata"], dict)
    bson.encode(body)
    json.dumps(body, allow_nan=False)


# --- wire -----------------------------------------------------------------------------------
@BOUNDED
@given(payload=payloads(event_dicts))
def test_play_event_decoder_parses_or_refuses_in_one_line(payload: object) -> None:
    TRIED["messages"] += 1
    try:
        event = decode(payload, now=NOW)  # type: ignore[arg-type]
    except EventFormatError as exc:
        _one_line(exc)
        return
    check_event(event)


@BOUNDED
@given(payload=payloads(feature_dicts))
def test_features_decoder_parses_or_refuses_in_one_line(payload: object) -> None:
    TRIED["messages"] += 1
    try:
        body = decode_features(payload)  # type: ignore[arg-type]
    except EventFormatError as exc:
        _one_line(exc)
        return
    check_features(body)


@dataclass
class Record:
    """The fields of a kafka-python ConsumerRecord that the worker reads."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None


good_events = st.builds(
    PlayEvent,
    track_id=st.sampled_from(["t1", "t2"]),
    type=st.sampled_from(sorted(EVENT_TYPES)),
    device_id=st.just("dev"),
    timestamp=st.floats(min_value=0, max_value=NOW),
)
wire_values = st.one_of(
    payloads(event_dicts).filter(lambda p: isinstance(p, bytes)),
    payloads(feature_dicts).filter(lambda p: isinstance(p, bytes)),
    st.none(),
)
polls = st.lists(
    st.tuples(
        st.sampled_from([PLAY_EVENTS, PLAY_EVENTS, TRACK_FEATURES, "elsewhere"]),
        st.one_of(
            good_events,
            wire_values,
            st.lists(st.one_of(good_events, good_events, values), min_size=1, max_size=6),
        ),
    ),
    min_size=1,
    max_size=10,
)


@BOUNDED
@given(poll=polls)
def test_worker_reads_every_poll_without_losing_a_valid_event(poll: list) -> None:
    records, sent = [], []
    for offset, (topic, item) in enumerate(poll):
        if isinstance(item, PlayEvent):
            value: bytes | None = encode(item)
            sent += [item] if topic == PLAY_EVENTS else []
        elif isinstance(item, list):  # an envelope of good events and junk
            parts = [encode(x) if isinstance(x, PlayEvent) else _as_json(x) for x in item]
            value = b"[" + b",".join(parts) + b"]"
            sent += [x for x in item if isinstance(x, PlayEvent) and topic == PLAY_EVENTS]
        else:
            value = item
        records.append(Record(topic, 0, offset, b"k", value))
    TRIED["messages"] += len(records)
    events, features, dead = parse_records({"tp": records})
    for event in events:
        check_event(event)
    for body in features:
        check_features(body)
    for letter in dead:
        assert letter.reason and "\n" not in letter.reason
        bson.encode({"reason": letter.reason, "key": letter.key, "value": letter.value})
    outcomes = {(d.offset) for d in dead}
    assert len(events) + len(features) + len(dead) >= len(records)
    assert len(outcomes) <= len(records)
    got = {e.event_id for e in events}
    lost = [e for e in sent if e.event_id not in got]
    TRIED["valid events"] += len(sent)
    TRIED["valid events lost"] += len(lost)
    assert not lost


# --- history files --------------------------------------------------------------------------
listen_dicts = st.fixed_dictionaries(
    {},
    optional={
        "listened_at": times,
        "user_name": values,
        "track_metadata": st.one_of(
            st.fixed_dictionaries(
                {},
                optional={
                    "artist_name": st.one_of(st.just("A"), values),
                    "track_name": st.one_of(st.sampled_from(["S0", "s1 ", "S9"]), values),
                    "additional_info": values,
                },
            ),
            values,
        ),
        "recording_msid": values,
    },
)
lines = st.one_of(
    listen_dicts.map(_as_json),
    event_dicts.map(_as_json),
    payloads(listen_dicts).filter(lambda p: isinstance(p, bytes)),
    st.binary(max_size=30),
).map(lambda line: line.replace(b"\n", b" "))


def _check_report(path: Path, report, n_records: int) -> None:
    accounted = (
        report.play_events + report.listens_matched + report.listens_unmatched + len(report.bad)
    )
    assert accounted == n_records
    assert report.play_events + report.listens_matched == len(report.events)
    pattern = re.compile(rf"^{re.escape(str(path))}:\d+: \S[^\n]*$")
    for entry in report.bad:
        assert pattern.match(entry), entry
    for event in report.events:
        check_event(event)


@BOUNDED
@given(body=st.lists(lines, min_size=1, max_size=12))
def test_history_lines_parse_or_are_reported_as_file_line(tmp_path: Path, body: list) -> None:
    path = tmp_path / "history.jsonl"
    first = b'{"track_id": "t1", "type": "play", "timestamp": 1}'  # JSON lines, not an array
    path.write_bytes(b"\n".join([first, *body]) + b"\n")
    TRIED["history lines"] += len(body) + 1
    report = read_history(path, LIBRARY, device_id="dev", listener="dev")
    _check_report(path, report, 1 + sum(1 for line in body if line.strip()))


@BOUNDED
@given(items=st.lists(st.one_of(listen_dicts, values), max_size=8), cut=st.integers(1, 300))
def test_history_arrays_parse_or_fail_in_one_line(tmp_path: Path, items: list, cut: int) -> None:
    path = tmp_path / "listens.json"
    data = _as_json(items)
    whole = cut >= len(data)
    path.write_bytes(data if whole else data[:cut] + b"\xff" + data[cut + 1 :])
    TRIED["history lines"] += len(items)
    try:
        report = read_history(path, LIBRARY, device_id="dev", listener="dev")
    except HistoryFileError as exc:
        _one_line(exc)
        assert not whole, exc  # a well-formed array always reads
        return
    _check_report(path, report, len(items))
