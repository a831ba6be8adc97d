from __future__ import annotations

import json
import math
import re
import time

import pytest

from engine.events.wire import EventFormatError, PlayEvent, decode, encode


def test_round_trip_keeps_every_field() -> None:
    event = PlayEvent(track_id="t1", type="skip", device_id="d1", position=12.5, duration=200)
    assert decode(encode(event)) == event


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"type": "dance"}, "type"),
        ({"track_id": ""}, "track_id"),
        ({"position": -1}, "position"),
        ({"timestamp": "yesterday"}, "timestamp"),
        ({"schema_version": 99}, "schema_version"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_field_is_named(change: dict, field: str) -> None:
    data = json.loads(encode(PlayEvent(track_id="t1", type="play", device_id="d1")))
    data.update(change)
    with pytest.raises(EventFormatError, match=field):
        decode(json.dumps(data))


def test_not_json_is_one_clear_line() -> None:
    with pytest.raises(EventFormatError, match="not JSON"):
        decode(b'{"track_id": ')
    with pytest.raises(EventFormatError, match="not UTF-8"):
        decode(b"\xff{")


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b"null", "must be a JSON object, not null"),
        (b"42", "must be a JSON object, not a number"),
        (b"[null]", "must be a JSON object, not an array"),
        (b"[" * 50_000 + b"]" * 50_000, "nested too deeply"),
        (b'{"timestamp": 1' + b"0" * 5000 + b"}", "not JSON"),  # past Python's digit limit
        (b'{"track_id": "t", "type": [], "device_id": "d", "timestamp": 1}', "type: "),
        (b'{"track_id": "\\ud800", "type": "play", "device_id": "d", "timestamp": 1}', "track_id"),
    ],
)
def test_non_events_fail_as_one_line(payload: bytes, reason: str) -> None:
    with pytest.raises(EventFormatError, match=re.escape(reason)) as caught:
        decode(payload)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("field", "token"),
    [
        ("timestamp", "NaN"),
        ("timestamp", "Infinity"),
        ("timestamp", "-Infinity"),
        ("timestamp", "1e400"),
        ("timestamp", "99999999999999999999"),
        ("position", "NaN"),
        ("duration", "1e400"),
    ],
)
def test_non_finite_and_absurd_numbers_are_refused(field: str, token: str) -> None:
    body = {"track_id": "t", "type": "play", "device_id": "d", "timestamp": 1.7e9}
    text = json.dumps({k: v for k, v in body.items() if k != field})
    with pytest.raises(EventFormatError, match=f"^{field}: "):
        decode(text[:-1] + f', "{field}": {token}}}')


def test_future_timestamps_are_refused_and_never_written() -> None:
    now = time.time()
    assert decode(_at(now + 3600), now=now).timestamp == now + 3600  # clock drift: accepted
    with pytest.raises(EventFormatError, match="more than a day in the future"):
        decode(_at(now + 2 * 86_400), now=now)
    with pytest.raises(EventFormatError, match=r"^position: "):
        encode(PlayEvent(track_id="t", type="play", device_id="d", position=math.inf))
    with pytest.raises(EventFormatError, match=r"^timestamp: "):
        encode(PlayEvent(track_id="t", type="play", device_id="d", timestamp=now + 9e9))


def _at(timestamp: float) -> bytes:
    return json.dumps(
        {"track_id": "t", "type": "play", "device_id": "d", "timestamp": timestamp}
    ).encode()


def test_dislike_and_listener_are_version_2() -> None:
    import json

    from engine.events.wire import EventFormatError, PlayEvent, decode, encode

    event = PlayEvent("t1", "dislike", "dev", listener="ann")
    back = decode(encode(event))
    assert (back.type, back.listener, back.who) == ("dislike", "ann", "ann")
    assert PlayEvent("t1", "play", "dev").who == "dev"
    old = json.loads(encode(PlayEvent("t1", "dislike", "dev")))
    old["schema_version"] = 1
    with pytest.raises(EventFormatError, match="type"):
        decode(old)
    bad = json.loads(encode(event))
    bad["listener"] = 7
    with pytest.raises(EventFormatError, match="listener"):
        decode(bad)
