"""What the CLI prints for people: a closed pipe ends quietly, an empty library says what to do."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from engine.cli import main
from engine.commands.library import EMPTY_LIBRARY
from engine.commands.recommend import recommendation_line
from engine.config import load_config
from engine.models import Recommendation, Track
from engine.phrases import phrase
from engine.stores.sqlite import SQLiteStore

REPO = Path(__file__).resolve().parents[2]


def test_tracks_on_an_empty_library_says_how_to_import(capsys: pytest.CaptureFixture) -> None:
    assert main(["tracks"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""  # a pipe counting songs still counts none
    assert captured.err.strip() == EMPTY_LIBRARY
    assert "encore import" in EMPTY_LIBRARY


def test_a_reader_closing_the_pipe_ends_the_command_without_a_traceback(
    encore_home: Path,
) -> None:
    store = SQLiteStore(load_config().db_path)
    store.upsert_tracks(
        Track(f"id{i:05d}", f"/music/{i}.ogg", f"Song {i}", "Someone", "Album") for i in range(3000)
    )
    store.close()
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen(
        [sys.executable, "-m", "engine.cli", "tracks"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    # Close our end before the child has written anything (its imports take far longer than
    # this line): every write it makes then meets a closed pipe, as under `| head -0`.
    proc.stdout.close()
    _, err = proc.communicate(timeout=120)
    assert err.decode() == ""
    assert proc.returncode == 141


def test_a_recommendation_line_names_album_and_labels_the_score() -> None:
    track = Track("t1", "/m/a.ogg", "Blue", "Ana", "Colours")
    line = recommendation_line(Recommendation(track, 0.8731, phrase("similar", phrase("rhythm"))))
    assert line == "  Ana — Blue  ·  Colours  (similarity 0.87: similar rhythm)"
