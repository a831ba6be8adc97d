"""The desktop's Import button runs the engine's library operations: in server mode the vectors
it analyses are queued for ``encore.track-features`` exactly as ``encore analyze`` queues them."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import pytest

from desktop.services import Services
from engine.cli import main
from engine.context import build_context


def _queued_features(capsys: pytest.CaptureFixture[str]) -> int:
    capsys.readouterr()
    assert main(["history", "stats", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    return stats["by_topic"]["pending"].get("encore.track-features", 0)


def test_desktop_analysis_in_server_mode_queues_features(
    corpus: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A loopback port nobody listens on: the broker is "down", so every new vector must wait
    # in the durable outbox (the real one, in ENCORE_HOME) for encore.track-features.
    monkeypatch.setenv("ENCORE_KAFKA", "127.0.0.1:9")
    music = tmp_path / "music"
    shutil.copytree(corpus / "pingus", music)
    n_files = len([p for p in music.iterdir() if p.is_file()])
    reports: list[tuple[str, int, int]] = []
    with build_context() as ctx:
        services = Services(ctx)
        services.import_stages = ("scan", "analysis")  # no Spark: the point is the outbox
        result = services.run_pipeline(
            [str(music)],
            cancel=threading.Event(),
            report=lambda stage, done, total: reports.append((stage, done, total)),
            failures=lambda items: pytest.fail(f"unexpected failures: {items}"),
        )
        assert ctx.store.counts()["analysed"] == n_files
    assert f"analysed {n_files}, failed 0" in result.summary
    assert not result.train_next  # training was left out of the stages
    assert {"scan", "analysis"} <= {stage for stage, _, _ in reports}
    # "Analysing 0 of N" as soon as analysis starts, before its worker pool is up.
    assert next(r for r in reports if r[0] == "analysis") == ("analysis", 0, n_files)
    assert _queued_features(capsys) == n_files
