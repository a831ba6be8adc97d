"""Every --json output is valid UTF-8, and a file name read from it resolves the same track.

A real file whose name is not UTF-8 (Latin-1 ``é``) and holds HTML, imported and listed by the
real ``encore`` process: its stdout bytes are what a pipe (``jq``) gets.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from engine.cli import main
from engine.commands.play import resolve_tracks
from engine.context import build_context
from engine.library.paths import path_candidates, path_fields, path_text
from engine.library.track_refs import resolve_track
from tests.audio_files import make_audio_file

REPO = Path(__file__).resolve().parents[2]
LATIN1 = b"caf\xe9 <img src=x>.ogg"


def _encore_json(*args: str) -> object:
    out = subprocess.run(
        [sys.executable, "-m", "engine.cli", *args],
        cwd=REPO,
        capture_output=True,
        check=True,
        timeout=120,
    ).stdout
    return json.loads(out.decode("utf-8"))  # strict: one raw byte and this raises


@pytest.fixture
def music(tmp_path: Path) -> Path:
    root = tmp_path / "music"
    make_audio_file(os.fsdecode(os.fsencode(root) + b"/" + LATIN1), "ogg", title="Latin")
    make_audio_file(root / "plain.ogg", "ogg", title="Plain", tone=550.0)
    (root / os.fsdecode(b"bad\xff.mp3")).write_bytes(b"not audio at all" * 64)
    return root


def test_tracks_json_is_utf8_and_its_path_gives_the_track_back(
    music: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(music)]) == 1  # bad\xff.mp3 fails, with its reason
    listed = {t["title"]: t for t in _encore_json("tracks", "--json")}
    raw = os.fsencode(music) + b"/" + LATIN1
    latin = listed["Latin"]
    assert latin["path"] == raw.decode("utf-8", "backslashreplace")
    assert latin["path"].endswith("caf\\xe9 <img src=x>.ogg")
    assert base64.b64decode(latin["path_bytes_b64"]) == raw
    assert listed["Plain"]["path"] == str(music / "plain.ogg")
    assert "path_bytes_b64" not in listed["Plain"]

    with build_context() as ctx:
        for typed in (latin["path"], os.fsdecode(base64.b64decode(latin["path_bytes_b64"]))):
            track = resolve_track(ctx.store, typed)
            assert track is not None and track.track_id == latin["track_id"]
        played, problems = resolve_tracks([latin["path"]], ctx)  # `encore play <path>`
        assert [t.track_id for t in played] == [latin["track_id"]] and problems == []
    capsys.readouterr()
    main(["recommend", latin["path"]])  # found (then: not analysed yet), not "no such track"
    assert "no such track" not in capsys.readouterr().err

    status = _encore_json("status", "--json")
    assert list(status["import_failures"]) == [path_text(str(music / os.fsdecode(b"bad\xff.mp3")))]


@pytest.mark.parametrize(
    "name", [b"plain.ogg", b"caf\xc3\xa9.ogg", b"caf\xe9.ogg", b"\xff\xfe\\x41.ogg", b"a\\xe9.ogg"]
)
def test_path_text_round_trips(name: bytes) -> None:
    path = os.fsdecode(b"/m/" + name)
    fields = path_fields(path)
    fields["path"].encode("utf-8")
    assert path in path_candidates(fields["path"])
    assert os.fsdecode(base64.b64decode(fields.get("path_bytes_b64", ""))) in ("", path)
