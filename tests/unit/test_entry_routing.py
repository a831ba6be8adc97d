"""``encore`` routes its arguments: nothing, or an existing file or folder first, opens the
window with them (as ``encore-desktop FILE...``); a command's name, an option or a path that
does not exist goes to the engine's CLI (which says what is wrong)."""

from __future__ import annotations

from pathlib import Path

import pytest

import desktop.app
import engine.cli
from desktop.entry import main


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, list[str]]]:
    seen: list[tuple[str, list[str]]] = []
    monkeypatch.setattr(desktop.app, "main", lambda argv: seen.append(("window", argv)) or 0)
    monkeypatch.setattr(engine.cli, "main", lambda argv, log_file: seen.append(("cli", argv)) or 0)
    return seen


def test_no_arguments_open_the_window(calls) -> None:
    assert main([]) == 0
    assert calls == [("window", ["encore"])]


def test_a_file_or_folder_first_opens_the_window_with_them(
    calls, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    song = tmp_path / "song.mp3"
    song.write_bytes(b"")
    main([str(song), str(tmp_path)])
    monkeypatch.chdir(tmp_path)
    main(["song.mp3"])  # relative to the shell's directory
    assert calls == [
        ("window", ["encore", str(song), str(tmp_path)]),
        ("window", ["encore", "song.mp3"]),
    ]


def test_commands_options_and_missing_paths_go_to_the_cli(
    calls, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "import").mkdir()  # a folder named like a command: the command wins
    monkeypatch.chdir(tmp_path)
    main(["import", "music"])
    main(["--version"])
    main(["nowhere.mp3"])
    assert calls == [
        ("cli", ["import", "music"]),
        ("cli", ["--version"]),
        ("cli", ["nowhere.mp3"]),
    ]
