"""`encore playlist ...`: the CLI contract on a real embedded store."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from engine.cli import main
from engine.context import build_context
from engine.models import Track


@pytest.fixture
def library(tmp_path: Path) -> list[Track]:
    root = tmp_path / "music"
    tracks = [
        Track("aaaaaaaa0001", str(root / "x" / "one.flac"), "One", "Ann", "First", duration=61.2),
        Track("bbbbbbbb0002", str(root / "x" / "two.ogg"), "Two", "Bob", "First", duration=5.0),
        Track("cccccccc0003", str(root / "y" / "Sông 曲.mp3"), "Sông", "Čeněk", "Second"),
    ]
    with build_context() as ctx:
        ctx.store.upsert_tracks(tracks)
    return tracks


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_create_add_show_remove_delete(library: list[Track], capsys) -> None:
    one, two, three = library
    assert run(capsys, "playlist", "create", "Road trip")[0] == 0
    assert run(capsys, "playlist", "create", "Road trip")[0] == 1  # taken: one line
    assert run(capsys, "playlist", "add", "Road trip", one.path, three.track_id, "bbbbbbbb")[0] == 0
    code, out, _ = run(capsys, "playlist", "show", "Road trip", "--json")
    shown = json.loads(out)
    assert code == 0 and [t["track_id"] for t in shown] == [
        one.track_id,
        three.track_id,
        two.track_id,
    ]
    assert shown[1] == {
        "track_id": three.track_id,
        "path": three.path,
        "title": "Sông",
        "artist": "Čeněk",
        "album": "Second",
        "duration": 0.0,
        "present": True,
    }
    code, out, err = run(capsys, "playlist", "add", "Road trip", "/no/such.mp3")
    assert code == 1 and "/no/such.mp3: no such track or file in the library" in err
    assert err.count("\n") == 1
    code, out, _ = run(capsys, "playlist", "remove", "Road trip", one.track_id)
    assert code == 0 and out == "removed 1 song from 'Road trip'\n"
    code, out, _ = run(capsys, "playlist", "list", "--json")
    assert json.loads(out) == [{"name": "Road trip", "tracks": 2}]
    assert (
        run(capsys, "playlist", "add", "Road trip", one.path)[1] == "added 1 song to 'Road trip'\n"
    )
    assert run(capsys, "playlist", "remove", "Road trip", one.path)[0] == 0
    assert run(capsys, "playlist", "create", "Solo")[0] == 0
    assert run(capsys, "playlist", "add", "Solo", two.path)[0] == 0
    code, out, _ = run(capsys, "playlist", "list")
    assert out.splitlines() == ["Road trip  (2 songs)", "Solo  (1 song)"]  # not "1 songs"
    assert run(capsys, "playlist", "delete", "Solo")[0] == 0
    code, out, _ = run(capsys, "playlist", "show", "Road trip")
    assert "Čeněk — Sông" in out and "Bob — Two" in out
    assert run(capsys, "playlist", "delete", "Road trip")[0] == 0
    code, _, err = run(capsys, "playlist", "delete", "Road trip")
    assert code == 1 and "no playlist named 'Road trip'" in err
    assert json.loads(run(capsys, "playlist", "list", "--json")[1]) == []


def test_export_then_import_round_trips(library: list[Track], tmp_path: Path, capsys) -> None:
    run(capsys, "playlist", "create", "Mix")
    run(capsys, "playlist", "add", "Mix", *(t.track_id for t in reversed(library)))
    target = tmp_path / "music" / "mix.m3u8"
    target.parent.mkdir(parents=True, exist_ok=True)
    code, out, _ = run(capsys, "playlist", "export", "Mix", "--m3u", str(target), "--relative")
    assert code == 0 and "wrote 3 songs" in out
    text = target.read_text(encoding="utf-8")
    assert text.startswith("#EXTM3U\n#EXTINF:-1,Čeněk - Sông\ny/Sông 曲.mp3\n")
    code, out, err = run(capsys, "playlist", "import", str(target), "--name", "Back")
    assert code == 0 and "imported 3 of 3 entries into 'Back'" in out and err == ""
    with build_context() as ctx:
        assert ctx.store.get_playlist("Back").track_ids == tuple(
            t.track_id for t in reversed(library)
        )


def test_import_reports_file_line_and_skips(library: list[Track], tmp_path: Path, capsys) -> None:
    one, two, _ = library
    m3u = tmp_path / "music" / "x" / "Old list.m3u"
    m3u.parent.mkdir(parents=True, exist_ok=True)
    (m3u.parent / "new.mp3").write_bytes(b"on disk, never imported")
    m3u.write_bytes(
        b"#EXTM3U\n#EXTINF:61,Ann - One\none.flac\n"
        + b"gone.mp3\nhttp://stream.example/live\nnew.mp3\n"
        + os.fsencode(two.path)
        + b"\n"
    )
    code, out, err = run(capsys, "playlist", "import", str(m3u))
    assert code == 0
    assert "imported 2 of 5 entries into 'Old list' (3 skipped)" in out
    assert err.splitlines() == [  # a file not on disk is told from one on disk but not imported
        f"{m3u}:4: {m3u.parent / 'gone.mp3'}: no such file",
        f"{m3u}:5: http://stream.example/live: a stream URL, not a file",
        f"{m3u}:6: {m3u.parent / 'new.mp3'}: not in the library",
    ]
    code, out, _ = run(capsys, "playlist", "show", "Old list", "--json")
    assert [t["track_id"] for t in json.loads(out)] == [one.track_id, two.track_id]


def test_import_of_something_that_is_no_playlist_fails_in_one_line(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "cover.m3u"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    code, _, err = run(capsys, "playlist", "import", str(bad))
    assert code == 1 and err == f"encore: {bad}: not a playlist (binary data)\n"
    code, _, err = run(capsys, "playlist", "import", str(tmp_path / "absent.m3u"))
    assert code == 1 and "cannot read" in err and err.count("\n") == 1
    assert run(capsys, "playlist", "list", "--json")[1].strip() == "[]"


def test_import_with_no_song_in_the_library_makes_no_playlist(
    library: list[Track], tmp_path: Path, capsys
) -> None:
    m3u = tmp_path / "elsewhere.m3u"
    m3u.write_text("#EXTM3U\n/nowhere/a.mp3\n/nowhere/b.mp3\n", encoding="utf-8")
    code, out, err = run(capsys, "playlist", "import", str(m3u))
    assert code == 1 and out == ""
    assert err.splitlines() == [  # each unmatched entry still named FILE:LINE, then why
        f"{m3u}:2: /nowhere/a.mp3: no such file",
        f"{m3u}:3: /nowhere/b.mp3: no such file",
        f"encore: none of the 2 entries of {m3u} is in the library: no playlist made",
    ]
    assert run(capsys, "playlist", "list", "--json")[1].strip() == "[]"
