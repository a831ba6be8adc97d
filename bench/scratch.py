"""Scratch folders for the benchmarks, removed on every way out (the end, an exception,
Ctrl+C): an analysed library, a 100k-track store or the speed run's 1M events left in /tmp by
each run fill the disk (0.86 GB per ``foryou_bench --speed``)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path


@contextmanager
def scratch_folder(prefix: str) -> Iterator[Path]:
    """A new empty folder, removed with everything in it on exit."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        yield Path(tmp)


@contextmanager
def encore_home(home: Path | None = None, *, prefix: str = "encore-bench-") -> Iterator[Path]:
    """``ENCORE_HOME`` set to ``home`` (kept), else to a :func:`scratch_folder`; the variable
    as it was again on exit."""
    before = os.environ.get("ENCORE_HOME")
    with ExitStack() as stack:
        if home is None:
            home = stack.enter_context(scratch_folder(prefix))
        os.environ["ENCORE_HOME"] = str(home)
        try:
            yield home
        finally:
            if before is None:
                os.environ.pop("ENCORE_HOME", None)
            else:
                os.environ["ENCORE_HOME"] = before
