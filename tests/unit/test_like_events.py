"""Like and unlike: wire version 2 (version-1 events still read), Liked songs, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.cli import main
from engine.config import load_config
from engine.context import build_context
from engine.events.kafka import PLAY_EVENTS
from engine.events.outbox import Outbox
from engine.events.wire import (
    SCHEMA_VERSION,
    TYPES_BY_VERSION,
    EventFormatError,
    PlayEvent,
    decode,
    encode,
)
from engine.library.liked import joined, liked_track_ids
from engine.models import Track

T0 = 1_700_000_000.0


def _v1(kind: str) -> dict:
    """A play event exactly as version 1 producers wrote it."""
    return {
        "track_id": "t1",
        "type": kind,
        "device_id": "old-laptop",
        "position": 12.5,
        "duration": 200.0,
        "timestamp": T0,
        "event_id": "e" * 32,
        "schema_version": 1,
    }


@pytest.mark.parametrize("kind", sorted(TYPES_BY_VERSION[1]))
def test_version_1_events_still_decode_as_version_1(kind: str) -> None:
    event = decode(json.dumps(_v1(kind)).encode(), now=T0)
    assert (event.type, event.schema_version, event.position) == (kind, 1, 12.5)
    assert decode(encode(event), now=T0) == event  # re-sent as what it was
    no_version = {k: v for k, v in _v1(kind).items() if k != "schema_version"}
    assert decode(no_version, now=T0).schema_version == 1


def test_unlike_is_version_2_and_unknown_to_version_1() -> None:
    assert SCHEMA_VERSION == 2
    for kind in ("like", "unlike"):
        event = PlayEvent("t1", kind, "dev", timestamp=T0)
        assert json.loads(encode(event))["schema_version"] == 2
        assert decode(encode(event), now=T0) == event
    with pytest.raises(EventFormatError, match="type: must be one of"):
        decode(_v1("unlike"), now=T0)


@pytest.mark.parametrize("version", [0, 3, "2", [2], {"v": 2}, True, None, 2.5])
def test_other_versions_are_one_format_error(version: object) -> None:
    data = {**_v1("like"), "schema_version": version}
    with pytest.raises(EventFormatError, match="schema_version: unsupported version"):
        decode(data, now=T0)


def _e(track: str, kind: str, t: float) -> PlayEvent:
    return PlayEvent(track, kind, "dev", timestamp=t)  # type: ignore[arg-type]


def test_liked_is_the_last_of_like_and_unlike_per_track() -> None:
    events = [
        _e("a", "like", 1),
        _e("b", "like", 2),
        _e("c", "play", 3),
        _e("a", "unlike", 4),
        _e("d", "unlike", 5),
        _e("d", "like", 6),
        _e("e", "like", 9),
        _e("e", "unlike", 9),  # same second: the later in the log wins
        _e("f", "unlike", 8),
        _e("f", "like", 7),  # older, though later in the log (another device's clock)
        _e("a", "like", 10),
        _e("b", "complete", 11),
    ]
    assert liked_track_ids(events) == ["a", "d", "b"]
    assert liked_track_ids([]) == []


def test_two_logs_join_each_event_once_in_time_order() -> None:
    server = [_e("a", "like", 1), _e("b", "play", 2), _e("a", "unlike", 5)]
    local = [server[0], _e("c", "like", 3), _e("a", "like", 6)]  # the last not yet on the server
    events = joined(server, local)
    assert [(e.track_id, e.type, e.timestamp) for e in events] == [
        ("a", "like", 1),
        ("c", "like", 3),
        ("a", "unlike", 5),
        ("a", "like", 6),
    ]
    assert liked_track_ids(events) == ["a", "c"]


@pytest.fixture
def library() -> list[Track]:
    tracks = [
        Track("aaaaaaaa0001", "/music/one.flac", "One", "Ann", duration=61.0),
        Track("bbbbbbbb0002", "/music/two.ogg", "Two", "Bob"),
    ]
    with build_context() as ctx:
        ctx.store.upsert_tracks(tracks)
    return tracks


def test_like_unlike_and_liked_on_the_command_line(library: list[Track], capsys) -> None:
    one, two = library
    assert main(["like", one.path, two.track_id]) == 0
    assert "liked: Ann — One" in capsys.readouterr().out
    assert main(["unlike", one.track_id]) == 0
    capsys.readouterr()
    assert main(["liked", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert [t["track_id"] for t in shown] == [two.track_id]
    assert {"track_id", "path", "title", "artist"} <= shown[0].keys()
    assert main(["like", "/no/such.ogg", one.track_id]) == 1  # nothing recorded
    assert "no such track" in capsys.readouterr().err
    # Each went through record(): one outbox row per event, on the play-events topic.
    outbox = Outbox(load_config().events_path)
    try:
        rows = [json.loads(p) for p in outbox.iter_payloads(PLAY_EVENTS)]
        assert [(r["track_id"], r["type"]) for r in rows] == [
            (one.track_id, "like"),
            (two.track_id, "like"),
            (one.track_id, "unlike"),
        ]
        assert {r["schema_version"] for r in rows} == {2}
        assert outbox.counts()["types"] == {"like": 2, "unlike": 1}
    finally:
        outbox.close()


def test_liked_on_an_empty_history_says_how(capsys, tmp_path: Path) -> None:
    assert main(["liked"]) == 0
    assert "no liked songs yet" in capsys.readouterr().err
