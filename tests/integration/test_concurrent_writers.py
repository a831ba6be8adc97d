"""Two writers on one library at once, and an import killed midway: nothing is lost.

Each test holds the library's lock itself while it starts the two real ``encore`` processes,
so both provably arrive while the other is (about to be) running: the test reads each one's
"waiting" line before letting them go. No sleeps decide the interleaving.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from engine.cli import main
from engine.context import build_context
from engine.library.importer import CHUNK, POOL_THRESHOLD
from tests.audio_files import make_audio_file
from tests.implementations import implementation_params
from tests.integration.procfs import alive, descendants, stopped, wait_for

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow  # real subprocesses: ~60 s together


def _encore(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "engine.cli", *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _until_waiting(proc: subprocess.Popen[str]) -> str:
    """Read stderr up to the line saying the process waits for the lock (or to its end)."""
    assert proc.stderr is not None
    for line in proc.stderr:
        if "waiting for it to finish" in line:
            return line
    return ""


def _folder(root: Path, n: int) -> Path:
    for i in range(n):
        make_audio_file(root / f"{i:03d}.ogg", "ogg", title=f"Song {i}", artist="Band")
    return root


def _copies(source: Path, target: Path) -> Path:
    target.mkdir(parents=True)
    for path in source.iterdir():
        os.link(path, target / path.name)  # same bytes, same tags: the same ids are wanted
    return target


@pytest.fixture(
    params=implementation_params(["sqlite", "mongo"], need_servers=frozenset({"mongo"}))
)
def library(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The embedded library, or server mode on a real mongod (the subprocesses inherit it)."""
    if request.param == "mongo":
        monkeypatch.setenv("ENCORE_MONGO", request.getfixturevalue("mongo_test_uri"))
    return request.param


def test_two_imports_at_once_both_land_completely(library: str, tmp_path: Path) -> None:
    first = _folder(tmp_path / "a", 150)
    second = _copies(first, tmp_path / "b")
    with build_context() as ctx:
        with ctx.store.exclusive("import"):
            procs = [_encore("import", str(folder)) for folder in (first, second)]
            lines = [_until_waiting(p) for p in procs]
        outputs = [p.communicate(timeout=300) for p in procs]
        for line, proc, (out, err) in zip(lines, procs, outputs, strict=True):
            assert f"(PID {os.getpid()}" in line, (out, err)
            assert proc.returncode == 0, err
            assert "added 150," in out
        tracks = list(ctx.store.iter_tracks())
    assert len(tracks) == 300
    assert len({t.track_id for t in tracks}) == 300
    assert {os.path.dirname(t.path) for t in tracks} == {str(first), str(second)}


def test_two_analyses_at_once_analyse_each_track_once(corpus: Path, tmp_path: Path) -> None:
    assert main(["import", str(corpus / "pingus")]) == 0
    with build_context() as ctx:
        n = ctx.store.counts()["tracks"]
        with ctx.store.exclusive("analyse"):
            procs = [_encore("analyze", "--workers", "1") for _ in range(2)]
            lines = [_until_waiting(p) for p in procs]
        outputs = [p.communicate(timeout=300) for p in procs]
        analysed = []
        for line, proc, (out, err) in zip(lines, procs, outputs, strict=True):
            assert line, (out, err)
            assert proc.returncode == 0, err
            analysed.append(int(re.search(r"analysed (\d+)", out).group(1)))
        assert ctx.store.counts()["analysed"] == n
    assert sorted(analysed) == [0, n]  # the second found nothing left to do


def test_killed_import_keeps_its_saved_chunks_and_the_next_run_goes_on(tmp_path: Path) -> None:
    # Enough chunks that the import cannot save them all between two looks at the store (a
    # quiet machine imported 3 chunks within one 50 ms poll); copies keep the set-up quick.
    total = 15 * CHUNK
    music = _folder(tmp_path / "music", 50)
    for i in range(50, total):
        shutil.copyfile(music / f"{i % 50:03d}.ogg", music / f"{i:04d}.ogg")
    proc = _encore("import", str(music))
    try:
        with build_context() as ctx:
            count = lambda: ctx.store.counts()["tracks"]  # noqa: E731
            wait_for(lambda: count() > 0 or proc.poll() is not None, "the first saved chunk")
            # Frozen, then counted: the kill provably lands before the end.
            proc.send_signal(signal.SIGSTOP)
            wait_for(lambda: stopped(proc.pid) or proc.poll() is not None, "SIGSTOP")
            kept = count()
            assert 0 < kept < total, f"{kept} of {total} saved when stopped"
            proc.kill()
            assert proc.wait(timeout=60) == -signal.SIGKILL
            assert count() == kept
    finally:
        if proc.poll() is None:
            proc.kill()
    rerun = _encore("import", str(music))
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    assert f"added {total - kept}," in out and f"(unchanged {kept})" in out
    with build_context() as ctx:
        assert ctx.store.counts()["tracks"] == total


def test_a_killed_import_leaves_no_reader_processes(tmp_path: Path) -> None:
    """Tags are read in a pool (forkserver) above POOL_THRESHOLD files: SIGKILL on the import
    must take its readers along, not leave them orphaned."""
    music = _folder(tmp_path / "music", 2 * POOL_THRESHOLD)
    proc = _encore("import", str(music), "--workers", "2")
    below: list[int] = []
    try:
        # The forkserver plus two readers (and the resource tracker) exist once reading starts.
        wait_for(lambda: len(descendants(proc.pid)) >= 3 or proc.poll() is not None, "readers")
        below = descendants(proc.pid)
        assert proc.poll() is None, "the import ended before its readers were seen"
        proc.kill()
        proc.wait(timeout=60)
        wait_for(lambda: not any(alive(pid) for pid in below), "the readers to end", timeout_s=30)
    finally:
        for pid in below:  # orphans this test started, ended by their id
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
