"""Load for the playback bench: one CPU hog per core plus ``encore analyze`` on a loop.

The hogs run numpy FFTs and matrix products; ``encore analyze`` runs over a corpus in a
throwaway ENCORE_HOME and is restarted whenever it finishes. Both at the default priority
(like the desktop's analysis) unless ``nice`` says otherwise.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

_HOG = """
import sys, time, numpy as np
end = time.monotonic() + float(sys.argv[1])
x = np.random.default_rng(0).standard_normal((512, 2048)).astype(np.float32)
while time.monotonic() < end:
    np.abs(np.fft.rfft(x, axis=1)) @ np.ones((1025, 64), np.float32)
"""


class Load:
    """One CPU hog per core plus `encore analyze`, restarted whenever it finishes."""

    def __init__(self, corpus: str, seconds: float, workdir: Path, nice: int) -> None:
        self.corpus, self.seconds, self.workdir = corpus, seconds, workdir
        self.nice = nice
        self.procs: list[subprocess.Popen] = []
        self.analyze_runs = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._analyze_loop, daemon=True)

    def start(self) -> Load:
        cores = os.cpu_count() or 2
        self.procs = [
            subprocess.Popen(
                [sys.executable, "-c", _HOG, str(self.seconds + 30)], preexec_fn=self._lower
            )
            for _ in range(cores)
        ]
        self._thread.start()
        return self

    def _analyze_loop(self) -> None:
        encore = str(REPO / ".venv" / "bin" / "encore")
        while not self._stop.is_set():
            home = tempfile.mkdtemp(prefix="analyze-", dir=self.workdir)
            env = dict(os.environ, ENCORE_HOME=home, ENCORE_CONFIG=os.path.join(home, "c.toml"))
            env["PYTHONPATH"] = str(REPO)
            quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
            quiet["preexec_fn"] = self._lower
            subprocess.run([encore, "import", self.corpus], check=False, **quiet)
            proc = subprocess.Popen([encore, "analyze"], **quiet)
            self.procs.append(proc)
            while proc.poll() is None and not self._stop.wait(0.5):
                pass
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            self.analyze_runs += 1

    def _lower(self) -> None:
        if self.nice:
            os.nice(self.nice)

    def stop(self) -> None:
        self._stop.set()
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
        self._thread.join(timeout=30)
