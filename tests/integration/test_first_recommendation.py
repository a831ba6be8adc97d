"""`encore recommend` right after `encore analyze`, with no training run: the first pass."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.cli import main
from engine.context import build_context
from tests.audio_files import make_audio_file

LOW = (196.0, 220.0, 247.0, 262.0)
HIGH = (1760.0, 1976.0, 2093.0, 2349.0)


@pytest.fixture
def music(tmp_path: Path) -> Path:
    root = tmp_path / "music"
    for i, tone in enumerate(LOW + HIGH):
        make_audio_file(
            root / f"{i:02d}-{tone:g}.flac",
            "flac",
            title=f"Tone {tone:g}",
            artist=f"Artist {i}",
            album=f"Album {i}",
            tone=tone,
            seconds=3.0,
        )
    return root


def test_recommend_after_analyze_without_training(
    music: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(music)]) == 0
    assert main(["analyze", "--workers", "1"]) == 0
    capsys.readouterr()
    with build_context() as ctx:
        assert ctx.store.active_run() is None
        by_path = {t.path: t for t in ctx.store.iter_tracks()}
    low = sorted(p for p in by_path if float(Path(p).stem.split("-")[1]) < 1000)
    assert len(low) == len(LOW)
    assert main(["recommend", low[0], "-k", "3", "--json"]) == 0
    results = json.loads(capsys.readouterr().out)
    assert len(results) == 3
    # The nearest songs to a low tone are the other low tones, each with a reason and a score.
    assert {r["path"] for r in results} == set(low[1:])
    assert all(r["reason"] and 0.0 < r["score"] <= 1.0 for r in results)
    assert main(["recommend", low[0], "-k", "3"]) == 0
    out = capsys.readouterr().out
    assert out.count("Tone ") == 3
