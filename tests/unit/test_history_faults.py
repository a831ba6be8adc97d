"""History files as a careless user or a forger writes them (issue 9, items 2 and 7): a line
that is not UTF-8 is one skipped ``FILE:LINE``, impossible listen times are refused, and
forged future listens never reach ``encore popular``."""

from __future__ import annotations

import json
import math
import os
import time
import zipfile
from pathlib import Path

import pytest

from engine.cli import main
from engine.context import build_context
from engine.events.kafka import PLAY_EVENTS
from engine.events.outbox import Message, Outbox, OutboxError
from engine.models import Track

REAL = [
    Track(track_id=f"t-real-{i}", path=f"/m/{i}.ogg", title=f"Song {i}", artist="Real Band")
    for i in range(3)
]
FORGED = [
    Track(track_id=f"t-forged-{i}", path=f"/m/f{i}.ogg", title=f"Fake {i}", artist="Forger")
    for i in range(7)
]
# listened_at values a forged or broken export holds, as JSON text (NaN and Infinity are what
# Python's json writes for float('nan') / float('inf')).
IMPOSSIBLE = ["1e400", "99999999999999999999", "NaN", "Infinity", "-Infinity", "4102444800"]


def _listen(artist: str, title: str, listened_at: str, msid: str) -> str:
    meta = {"artist_name": artist, "track_name": title, "additional_info": {"recording_msid": msid}}
    return (
        f'{{"listened_at": {listened_at}, "user_name": "u", "track_metadata": {json.dumps(meta)}}}'
    )


def _not_json(token: str) -> None:
    pytest.fail(f"the outbox holds {token}, which is not JSON")


@pytest.fixture
def library() -> None:
    with build_context() as ctx:
        ctx.store.upsert_tracks(REAL + FORGED)


def _summary(path: Path, capsys: pytest.CaptureFixture[str]) -> dict:
    assert main(["history", "import", str(path), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_a_line_that_is_not_utf8_is_skipped_and_the_rest_imports(
    library, tmp_path: Path, capsys
) -> None:
    now = int(time.time())
    lines = [_listen("Real Band", "Song 0", str(now - 100 - i), f"m{i}").encode() for i in range(4)]
    lines.insert(2, b'{"listened_at": 1700000000, "track_metadata": {"artist_name": "Caf\xe9"}}')
    path = tmp_path / "listens.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    summary = _summary(path, capsys)
    assert summary["recorded"] == 4
    assert summary["bad_records"] == 1
    [error] = summary["errors"]
    assert error.startswith(f"{path}:3: not UTF-8 text (") and "\n" not in error

    # The same inside a ListenBrainz export .zip.
    export = tmp_path / "export.zip"
    with zipfile.ZipFile(export, "w") as archive:
        archive.writestr("listens/2026/12.jsonl", b"\xff\xfe\n" + lines[0].replace(b"m0", b"z"))
    summary = _summary(export, capsys)
    assert summary["recorded"] == 1
    assert summary["errors"][0].startswith(f"{export}!listens/2026/12.jsonl:1: not UTF-8 text")


def test_impossible_listen_times_are_refused_and_forged_songs_stay_out_of_popular(
    library, tmp_path: Path, capsys
) -> None:
    now = int(time.time())
    real = [
        _listen("Real Band", f"Song {i % 3}", str(now - 3600 * (i + 1)), f"r{i}") for i in range(60)
    ]
    future = [str(now + 2 * 86_400)]
    forged = [
        _listen("Forger", f"Fake {j}", value, f"f{j}-{n}")
        for j, value in enumerate(IMPOSSIBLE + future)
        for n in range(30)  # many forged listens: they would outweigh the real ones
    ]
    path = tmp_path / "listens.jsonl"
    path.write_text("\n".join(real + forged) + "\n", encoding="utf-8")
    summary = _summary(path, capsys)
    assert summary["recorded"] == 60
    assert summary["already_imported"] == 0  # a NaN listen is bad, never "already imported"
    assert summary["bad_records"] == len(forged)
    assert all(": listened_at: " in e for e in summary["errors"]), summary["errors"][:3]

    with build_context() as ctx:
        payloads = list(ctx.recorder.outbox.iter_payloads(PLAY_EVENTS))
    assert len(payloads) == 60
    for payload in payloads:  # standard JSON only: no NaN / Infinity tokens
        json.loads(payload, parse_constant=_not_json)

    assert main(["popular", "--json"]) == 0
    popular = json.loads(capsys.readouterr().out)
    assert {t["track_id"] for t in popular} == {t.track_id for t in REAL}


def test_play_event_lines_with_impossible_numbers_are_refused(
    library, tmp_path: Path, capsys
) -> None:
    base = {"track_id": "t-real-0", "type": "play", "device_id": "d", "timestamp": 1.7e9}
    lines = [json.dumps(base)]
    for name, value in [
        ("timestamp", math.nan),
        ("timestamp", math.inf),
        ("timestamp", time.time() + 3 * 86_400),
        ("position", math.nan),
        ("duration", -math.inf),
        ("position", 1e300),
    ]:
        lines.append(json.dumps({**base, name: value}))
    lines.append(json.dumps(base).replace("1700000000.0", "1" + "0" * 5000))  # digit limit
    lines.append("[" * 10_000 + "]" * 10_000)  # deeper than the recursion limit
    path = tmp_path / "events.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = _summary(path, capsys)
    assert summary["recorded"] == 1
    assert summary["bad_records"] == len(lines) - 1
    errors = summary["errors"]
    assert [e.split(": ")[1] for e in errors[:6]] == [
        "timestamp",
        "timestamp",
        "timestamp",
        "position",
        "duration",
        "position",
    ]


def test_outbox_refuses_a_row_it_cannot_store_instead_of_calling_it_a_duplicate(
    tmp_path: Path,
) -> None:
    outbox = Outbox(tmp_path / "events.sqlite3")
    try:
        row = Message(PLAY_EVENTS, "k", b"{}", kind="play", event_time=1.0, dedup_key="a")
        assert outbox.append_many([row]) == 1
        assert outbox.append_many([row]) == 0  # the same key again: a duplicate, skipped
        nan = Message(PLAY_EVENTS, "k", b"{}", kind="play", event_time=math.nan, dedup_key="b")
        with pytest.raises(OutboxError):
            outbox.append_many([nan])  # SQLite stores NaN as NULL: refused, not "already there"
    finally:
        outbox.close()


def test_a_file_name_that_is_not_utf8_is_reported_not_a_traceback(
    library, tmp_path: Path, capsys
) -> None:
    path = tmp_path / os.fsdecode(b"h\xffstory.jsonl")
    good = _listen("Real Band", "Song 1", str(int(time.time()) - 60), "n1")
    path.write_bytes(good.encode() + b"\n{broken\n")
    assert main(["history", "import", str(path)]) == 0
    out = capsys.readouterr().out
    assert "recorded 1 events" in out and "h\ufffdstory.jsonl:2: not JSON" in out
    summary = _summary(path, capsys)  # JSON output stays valid UTF-8
    assert summary["bad_records"] == 1 and summary["errors"][0].endswith(
        "story.jsonl:2: not JSON (Expecting property name enclosed in double quotes: "
        "line 1 column 2 (char 1))"
    )


def test_forged_rows_from_before_the_checks_are_skipped_with_one_warning(
    library, capsys, caplog
) -> None:
    """An outbox filled by an older Encore (Infinity, NaN and future dates accepted then)."""
    now = time.time()
    real = b'{"track_id": "t-real-0", "type": "complete", "device_id": "d", "timestamp": %d}'
    forged = b'{"track_id": "t-forged-0", "type": "complete", "device_id": "d", "timestamp": %s}'
    # Played twice: a popular song (engine.recommend.popular.MIN_POPULAR_PLAYS).
    rows = [Message(PLAY_EVENTS, "d", real % (now - ago), event_time=now - ago) for ago in (60, 90)]
    for stamp in (b"Infinity", b"NaN", b"4102444800", b"%d" % (now + 5 * 86_400)) * 50:
        rows.append(Message(PLAY_EVENTS, "d", forged % stamp, event_time=now))
    with build_context() as ctx:
        ctx.recorder.outbox.append_many(rows)
    assert main(["popular", "--json"]) == 0
    assert [t["track_id"] for t in json.loads(capsys.readouterr().out)] == ["t-real-0"]
    warnings = [r.getMessage() for r in caplog.records if "unreadable play event" in r.getMessage()]
    assert len(warnings) == 1 and "skipped 200 unreadable" in warnings[0], warnings
