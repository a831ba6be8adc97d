"""`encore import`: exit codes 0 / 1 / 2, messages, and one run of the installed script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from engine.cli import main
from tests.audio_files import make_audio_file


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "music"
    make_audio_file(root / "a.flac", "flac", title="A", artist="X")
    make_audio_file(root / "b.mp3", "mp3", title="B", artist="X")
    return root


def test_success_exit_0_and_summary(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "added 2, updated 0, missing 0, failed 0" in out
    assert main(["import", str(folder)]) == 0
    assert "unchanged 2" in capsys.readouterr().out


def test_failures_exit_1_and_are_listed(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "broken.ogg").write_bytes(b"OggS" + b"\x00" * 100)
    assert main(["import", str(folder)]) == 1
    captured = capsys.readouterr()
    assert "added 2" in captured.out and "failed 1" in captured.out
    assert f"import failed: {folder / 'broken.ogg'}:" in captured.err
    assert "1 file(s) could not be imported" in captured.err
    # Unchanged bad file: still reported (exit 1), and `encore status` lists it.
    assert main(["import", str(folder)]) == 1
    capsys.readouterr()
    assert main(["status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert list(status["import_failures"]) == [str(folder / "broken.ogg")]


def test_bad_usage_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(tmp_path / "nope")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    assert main(["import", str(tmp_path), "--metadata", str(tmp_path / "no.csv")]) == 2
    with pytest.raises(SystemExit) as exit_info:
        main(["import"])
    assert exit_info.value.code == 2
    with pytest.raises(SystemExit) as exit_info:
        main(["import", str(tmp_path), "--workers", "0"])
    assert exit_info.value.code == 2


def test_bad_metadata_csv_exit_1_before_import(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_path = tmp_path / "m.csv"
    csv_path.write_text("path,title\n,oops\n")
    assert main(["import", str(folder), "--metadata", str(csv_path)]) == 1
    err = capsys.readouterr().err.strip()
    assert err == f"encore: {csv_path} line 2: empty 'path'"
    assert main(["tracks", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_installed_script_runs_import(folder: Path, encore_home: Path) -> None:
    script = Path(sys.executable).parent / "encore"
    env = dict(os.environ, ENCORE_HOME=str(encore_home))
    done = subprocess.run(
        [str(script), "import", str(folder)], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "added 2" in done.stdout
    listed = subprocess.run(
        [str(script), "tracks", "--json"], capture_output=True, text=True, env=env, timeout=120
    )
    titles = sorted(t["title"] for t in json.loads(listed.stdout))
    assert titles == ["A", "B"]
