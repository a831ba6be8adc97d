"""Faults during analysis: a worker killed mid-run, and Ctrl-C on the real command."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from engine.analysis.pipeline import analyse_library
from engine.cli import main
from engine.context import build_context
from tests.integration.procfs import alive, in_user_code, pool_workers, stopped, wait_for

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow  # process pools and subprocesses: ~45 s together


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
        summary = analyse_library(ctx.store, workers=2, on_result=kill_first_worker)
        assert killed
        assert (summary.analysed, summary.failed) == (n, 0)
        assert ctx.store.counts()["analysed"] == n
        # The pool was rebuilt: results came from more than the two original workers.
        assert len(summary.worker_peak_rss_kb) > 2


def _analyze_subprocess(workers: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "engine.cli", "analyze", "--workers", str(workers)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # Ctrl-C reaches the whole process group, as in a terminal
    )


def _analysed() -> int:
    with build_context() as ctx:
        return ctx.store.counts()["analysed"]


def _freeze_a_busy_worker(proc: subprocess.Popen[str]) -> list[int]:
    """Stop every pool worker at a moment one of them is inside a file; return them all.

    A worker stopped in user code holds a track whose result the parent has not received, so
    from here until SIGCONT the run provably cannot finish: a signal sent now lands while work
    is pending, however loaded the machine.
    """
    frozen: list[int] = []

    def freeze() -> bool:
        assert proc.poll() is None, proc.communicate()
        workers = pool_workers(proc.pid)
        for pid in workers:
            os.kill(pid, signal.SIGSTOP)
        wait_for(lambda: all(stopped(pid) or not alive(pid) for pid in workers), "SIGSTOP")
        if any(in_user_code(pid) for pid in workers):
            frozen.extend(workers)
            return True
        for pid in workers:  # all idle at this instant: let them run and look again
            os.kill(pid, signal.SIGCONT)
        return False

    wait_for(freeze, "a worker busy with a file")
    return frozen


def test_ctrl_c_saves_progress_and_the_next_run_resumes(corpus: Path, tmp_path: Path) -> None:
    n = _library(corpus, tmp_path / "music", copies=4)
    assert main(["import", str(tmp_path / "music")]) == 0
    proc = _analyze_subprocess(workers=2)
    try:
        wait_for(lambda: _analysed() > 0 or proc.poll() is not None, "the first saved vector")
        frozen = _freeze_a_busy_worker(proc)
        os.killpg(proc.pid, signal.SIGINT)
        for pid in frozen:
            os.kill(pid, signal.SIGCONT)
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, err
    assert "cancelled" in out
    done = _analysed()
    assert 0 < done < n

    with build_context() as ctx:
        rest = analyse_library(ctx.store, workers=1)
        assert (rest.analysed, rest.skipped, rest.failed) == (n - done, done, 0)


def test_workers_end_when_only_the_parent_is_killed(corpus: Path, tmp_path: Path) -> None:
    """SIGKILL gives the parent no chance to stop its pool: the workers must notice alone."""
    _library(corpus, tmp_path / "music", copies=4)
    assert main(["import", str(tmp_path / "music")]) == 0
    proc = _analyze_subprocess(workers=2)
    workers: list[int] = []
    try:
        wait_for(lambda: len(pool_workers(proc.pid)) == 2 or proc.poll() is not None, "workers")
        workers = pool_workers(proc.pid)
        assert len(workers) == 2, proc.communicate()
        proc.kill()
        proc.wait(timeout=60)
        wait_for(
            lambda: not any(alive(pid) for pid in workers), "orphaned workers to end", timeout_s=30
        )
    finally:
        for pid in workers:  # today's orphans, started by this test: end them by their id
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
