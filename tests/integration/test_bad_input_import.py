"""A folder of corrupt, truncated, empty, mislabelled and unreadable files mixed with good ones:
the import finishes, every good file is in, every bad one is reported with a one-line reason."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from engine.cli import main
from engine.context import build_context
from tests.audio_files import FORMATS, PNG_1PX, make_audio_file, template


def _bad_library(root: Path, rng) -> tuple[list[Path], dict[Path, str]]:
    good = [
        make_audio_file(root / "good" / f"song.{fmt}", fmt, title=f"Good {fmt}", artist="A")
        for fmt in FORMATS
    ]
    bad: dict[Path, str] = {}  # path -> a word the reason must contain

    def put(name: str, data: bytes, expect: str) -> None:
        path = root / "bad" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        bad[path] = expect

    noise = rng.integers(0, 256, 8192, dtype="uint8").tobytes()
    put("random-noise.flac", noise, "not an audio file")
    put("corrupt-header.flac", b"fLaC" + noise, "not an audio file")
    put("corrupt.ogg", b"OggS" + noise, "not an audio file")
    put("zero.wav", b"", "empty file")
    put("truncated.flac", template("flac").read_bytes()[:40], "not an audio file")
    put("truncated.m4a", template("m4a").read_bytes()[:64], "not an audio file")
    put("notes.txt.mp3", b"shopping list: milk, eggs\n" * 20, "not an audio file")
    put("picture.m4a", PNG_1PX, "not an audio file")
    dangling = root / "bad" / "on-unmounted-disk.mp3"
    dangling.symlink_to(root / "no" / "such" / "file.mp3")
    bad[dangling] = "broken link"
    loop = root / "bad" / "loop.ogg"
    loop.symlink_to(loop)
    bad[loop] = "symbolic links"
    return good, bad


def test_bad_files_are_reported_and_good_ones_imported(
    tmp_path: Path, rng, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "lib"
    good, bad = _bad_library(root, rng)
    locked = make_audio_file(root / "locked" / "no-permission.ogg", "ogg", title="Locked")
    os.chmod(locked, 0)
    # Root reads files whatever their mode (CI runs as root): then the file is simply good.
    locked_is_readable = os.access(locked, os.R_OK)

    code = main(["import", str(root)])
    out, err = capsys.readouterr()

    assert code == 1
    expected_bad = len(bad) + (0 if locked_is_readable else 1)
    expected_good = len(good) + (1 if locked_is_readable else 0)
    assert f"added {expected_good}," in out and f"failed {expected_bad}" in out
    assert f"{expected_bad} file(s) could not be imported" in err

    with build_context() as ctx:
        titles = {t.title for t in ctx.store.iter_tracks()}
        failures = ctx.store.import_failures()
    assert {f"Good {fmt}" for fmt in FORMATS} <= titles
    for path, word in bad.items():
        reason = failures[str(path)][1]
        assert word in reason, (path.name, reason)
        assert reason and "\n" not in reason
        assert f"import failed: {path}: {reason}" in err
    if locked_is_readable:
        assert "Locked" in titles
    else:
        assert "Permission denied" in failures[str(locked)][1]

    # `encore status` lists every failure; a re-run does not retry them but still exits 1.
    assert main(["status", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["import_failures"]
    assert set(listed) == {str(p) for p in failures}
    assert main(["import", str(root)]) == 1
    assert f"added 0, updated 0, missing 0, failed {expected_bad}" in capsys.readouterr().out

    # Fixing a file (replace it with real audio) brings it in on the next run.
    fixed = root / "bad" / "zero.wav"
    make_audio_file(fixed, "wav", title="Was empty", artist="A")
    assert main(["import", str(root)]) == 1
    assert "added 1," in capsys.readouterr().out
    with build_context() as ctx:
        assert str(fixed) not in ctx.store.import_failures()
        assert ctx.store.find_by_path(str(fixed)).title == "Was empty"
