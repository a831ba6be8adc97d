"""Where numba keeps librosa's compiled code, and warming it once (at install, or as a stage).

librosa's first call compiles its numba kernels: about a minute of CPU on a small machine. The
result depends on the installed librosa/numba/Python, not on anyone's library, so it lives in
the user's cache (``$XDG_CACHE_HOME/encore/numba``, ``NUMBA_CACHE_DIR`` wins), shared by every
``ENCORE_HOME``. ``scripts/install.sh`` runs ``python -m engine.analysis.numba_cache`` once;
a marker naming the installed versions tells later runs that nothing is left to compile.

Run as a script, it warms the cache and prints where it is.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import threading
from collections.abc import Mapping
from importlib import metadata, util
from pathlib import Path

from engine.xdg import cache_home

POLL_S = 0.2  # how often a cancel is checked while the warm-up process runs


class WarmUpError(RuntimeError):
    """The warm-up process failed (its last line of output says why)."""


def cache_dir(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    if env.get("NUMBA_CACHE_DIR"):
        return Path(env["NUMBA_CACHE_DIR"])
    return cache_home(env) / "encore" / "numba"


def use() -> str:
    """Point numba (this process and the workers it spawns) at :func:`cache_dir`."""
    os.environ.setdefault("NUMBA_CACHE_DIR", str(cache_dir()))
    return os.environ["NUMBA_CACHE_DIR"]


def _marker() -> Path:
    spec = util.find_spec("librosa")
    where = "" if spec is None else str(spec.origin)
    key = "|".join(
        [where, metadata.version("librosa"), metadata.version("numba"), sys.version.split()[0]]
    )
    return cache_dir() / f"encore-warm-{hashlib.sha1(key.encode()).hexdigest()[:16]}"


def is_warm() -> bool:
    """Whether this installation's kernels were compiled into the cache already."""
    return _marker().is_file()


def warm_here() -> Path:
    """Compile in this process (imports librosa) and leave the marker."""
    use()
    from engine.analysis.worker import warm_up

    warm_up()
    marker = _marker()
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text("compiled\n", encoding="utf-8")
    return marker.parent


def warm(cancel: threading.Event | None = None) -> bool:
    """Compile in a child process, so the caller (the desktop) never loads librosa for it.

    Returns False when ``cancel`` stopped it (the next run compiles what is left).
    """
    env = dict(os.environ, NUMBA_CACHE_DIR=use())
    child = subprocess.Popen(
        [sys.executable, "-m", "engine.analysis.numba_cache"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    while True:
        try:
            _, err = child.communicate(timeout=POLL_S)
            break
        except subprocess.TimeoutExpired:
            if cancel is not None and cancel.is_set():
                child.kill()
                child.communicate()
                return False
    if child.returncode != 0:
        last = (err or "").strip().splitlines()[-1:] or [f"exit code {child.returncode}"]
        raise WarmUpError(f"preparing the audio analyser failed: {last[0]}")
    return True


if __name__ == "__main__":
    print(f"audio analyser compiled into {warm_here()}")
