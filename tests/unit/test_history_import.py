"""`encore history import` / `stats`: play events and ListenBrainz listens through record()."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from engine.cli import main
from engine.context import build_context
from engine.events.wire import PlayEvent, encode
from engine.models import Track

LIBRARY = [
    Track(
        track_id="t-hey", path="/m/1.ogg", title="Hey  Jude", artist="The Beatles", duration=431.0
    ),
    Track(
        track_id="t-ok",
        path="/m/2.flac",
        title="Karma Police",
        artist="Radiohead",
        album_artist="Radiohead",
    ),
]


def _listen(artist: str, title: str, ts: int, msid: str = "m") -> dict:
    return {
        "listened_at": ts,
        "user_name": "alice",
        "track_metadata": {
            "artist_name": artist,
            "track_name": title,
            "release_name": "Some album",
            "additional_info": {"recording_msid": msid},
        },
    }


@pytest.fixture
def library() -> None:
    with build_context() as ctx:
        ctx.store.upsert_tracks(LIBRARY)


def _events() -> list[PlayEvent]:
    with build_context() as ctx:
        return list(ctx.event_log.iter_events())


def test_listenbrainz_array_matches_by_artist_and_title(library, tmp_path: Path, capsys) -> None:
    listens = [
        _listen("the beatles", "hey jude", 1_600_000_000, "a"),
        _listen("RADIOHEAD", " Karma   Police ", 1_600_000_100, "b"),
        _listen("Nobody", "Unknown song", 1_600_000_200, "c"),
        _listen("Nobody", "Unknown song", 1_600_000_300, "d"),
    ]
    path = tmp_path / "listens.json"
    path.write_text(json.dumps(listens), encoding="utf-8")
    assert main(["history", "import", str(path), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["recorded"] == 2
    assert summary["listens_matched"] == 2
    assert summary["listens_unmatched"] == 2
    assert summary["unmatched_examples"] == ["Nobody — Unknown song"]
    events = _events()
    assert [(e.track_id, e.type, e.timestamp) for e in events] == [
        ("t-hey", "complete", 1_600_000_000.0),
        ("t-ok", "complete", 1_600_000_100.0),
    ]
    assert events[0].duration == 431.0

    # The same export again adds nothing.
    assert main(["history", "import", str(path), "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["recorded"] == 0 and again["already_imported"] == 2
    assert len(_events()) == 2


def test_listenbrainz_zip_export(library, tmp_path: Path, capsys) -> None:
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("user.json", json.dumps({"user_name": "alice"}))
        archive.writestr(
            "listens/2024/1.jsonl",
            "\n".join(
                json.dumps(_listen("The Beatles", "Hey Jude", 1_700_000_000 + i, str(i)))
                for i in range(3)
            ),
        )
    assert main(["history", "import", str(path)]) == 0
    assert "recorded 3 events" in capsys.readouterr().out
    assert len(_events()) == 3


def test_play_event_lines_with_a_bad_line(library, tmp_path: Path, capsys) -> None:
    good = [
        PlayEvent(track_id="t-ok", type="skip", device_id="phone", position=3, timestamp=10.0),
        PlayEvent(track_id="t-hey", type="like", device_id="phone", timestamp=20.0),
    ]
    no_device = {"track_id": "t-ok", "type": "complete", "timestamp": 30.0}
    lines = [
        encode(good[0]).decode(),
        "{broken",
        json.dumps(no_device),
        encode(good[1]).decode(),
        json.dumps({"track_id": "t-ok", "type": "dance", "timestamp": 1}),
    ]
    path = tmp_path / "events.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["history", "import", str(path)]) == 0
    out = capsys.readouterr().out
    assert "recorded 3 events" in out
    assert f"skipped {path}:2: not JSON" in out
    assert f"{path}:5: type" in out
    events = _events()
    assert [e.event_id for e in events[:2]] == [good[0].event_id, good[1].event_id]
    with build_context() as ctx:
        assert events[2].device_id == ctx.config.device_id  # filled in for a line without one

    assert main(["history", "stats", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["pending"] == 3 and stats["delivered"] == 0
    assert stats["by_type"] == {"complete": 1, "like": 1, "skip": 1}
    assert main(["history", "stats"]) == 0
    assert "pending: 3" in capsys.readouterr().out


def test_unreadable_or_empty_file_fails_with_one_line(tmp_path: Path, capsys) -> None:
    assert main(["history", "import", str(tmp_path / "nope.json")]) == 1
    assert "nope.json: no such file" in capsys.readouterr().err
    bad = tmp_path / "bad.json"
    bad.write_text('[{"listened_at": ', encoding="utf-8")
    assert main(["history", "import", str(bad)]) == 1
    assert "bad.json: not a valid JSON array" in capsys.readouterr().err


def test_imported_history_is_this_listeners_and_keeps_its_device(
    library, tmp_path: Path, capsys
) -> None:
    """Events from another device (one under another profile too) become this listener's, so
    For you counts them and ``history clear`` removes them; the device stays as provenance."""
    theirs = [
        PlayEvent(track_id="t-ok", type="complete", device_id="old-phone", timestamp=10.0),
        PlayEvent(
            track_id="t-hey", type="like", device_id="old-phone", timestamp=20.0, listener="bob"
        ),
    ]
    path = tmp_path / "events.jsonl"
    path.write_text("".join(encode(e).decode() + "\n" for e in theirs), encoding="utf-8")
    listens = tmp_path / "listens.jsonl"
    listens.write_text(json.dumps(_listen("Radiohead", "Karma Police", 1_600_000_000)) + "\n")
    assert main(["history", "import", str(path)]) == 0
    assert main(["history", "import", str(listens)]) == 0
    with build_context() as ctx:
        me = ctx.config.listener
        events = list(ctx.event_log.iter_events(listener=me))
        assert len(events) == 3
        assert {e.who for e in events} == {me}
        assert sorted(e.device_id for e in events) == sorted(
            ["old-phone", "old-phone", ctx.config.device_id]
        )
    capsys.readouterr()
    assert main(["history", "clear", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["local"] == 3
    assert _events() == []
