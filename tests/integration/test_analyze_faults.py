"""Faults during analysis: a worker killed mid-run, and Ctrl-C on the real command."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engine.analysis.pipeline import analyse_library
from engine.cli import main
from engine.context import build_context

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow  # two process pools and a subprocess: ~35 s together


def _library(corpus: Path, root: Path, copies: int) -> int:
    """``copies`` folders holding the same dozen clips: distinct tracks, real audio."""
    first = root / "copy0"
    for album in ("pingus", "amoebax", "drascula"):
        shutil.copytree(corpus / album, first / album)
    for path in first.rglob("*"):
        path.chmod(0o644 if path.is_file() else 0o755)
    for i in range(1, copies):
        shutil.copytree(first, root / f"copy{i}", copy_function=os.link)
    return sum(1 for p in root.rglob("*") if p.is_file())


def test_killed_worker_loses_no_track(corpus: Path, tmp_path: Path) -> None:
    n = _library(corpus, tmp_path / "music", copies=2)
    assert main(["import", str(tmp_path / "music")]) == 0
    killed: list[int] = []

    def kill_first_worker(result) -> None:
        if not killed:
            killed.append(result.pid)
            os.kill(result.pid, signal.SIGKILL)

    with build_context() as ctx:
        summary = analyse_library(
            ctx.store, workers=2, cache_dir=ctx.config.cache_dir, on_result=kill_first_worker
        )
        assert killed
        assert (summary.analysed, summary.failed) == (n, 0)
        assert ctx.store.counts()["analysed"] == n
        # The pool was rebuilt: results came from more than the two original workers.
        assert len(summary.worker_peak_rss_kb) > 2


def test_ctrl_c_saves_progress_and_the_next_run_resumes(corpus: Path, tmp_path: Path) -> None:
    n = _library(corpus, tmp_path / "music", copies=4)
    assert main(["import", str(tmp_path / "music")]) == 0
    proc = subprocess.Popen(
        [sys.executable, "-m", "engine.cli", "analyze", "--workers", "2"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # Ctrl-C reaches the whole process group, as in a terminal
    )
    try:
        deadline = time.monotonic() + 120
        with build_context() as ctx:
            while ctx.store.counts()["analysed"] == 0:
                assert proc.poll() is None, proc.communicate()
                assert time.monotonic() < deadline, "analysis never started"
                time.sleep(0.05)  # polling an external process, with a deadline
        os.killpg(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, err
    assert "cancelled" in out
    with build_context() as ctx:
        done = ctx.store.counts()["analysed"]
    assert 0 < done < n

    with build_context() as ctx:
        rest = analyse_library(ctx.store, workers=1, cache_dir=ctx.config.cache_dir)
        assert (rest.analysed, rest.skipped, rest.failed) == (n - done, done, 0)
