from __future__ import annotations

import json

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
