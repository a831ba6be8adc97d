"""A small progress reporter shared by import, analysis and training.

The same object serves three audiences: a person at a terminal (a tqdm bar, only when the stream
is a TTY so logs and pipes stay clean), the desktop (a ``callback(done, total)``, which it
marshals to the Qt thread itself), and whoever wants to stop the work (a ``threading.Event``).
The one-line summary at the end is the caller's job, because only the caller knows what to count.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from typing import TextIO

ProgressCallback = Callable[[int, int], None]


class Progress:
    """Count finished units of work and report them.

    Parameters
    ----------
    total
        Units expected; may be corrected later with :meth:`set_total` (a scan learns its size
        as it goes).
    desc
        Short label shown before the bar.
    callback
        Called as ``callback(done, total)``; at most every ``min_interval`` seconds, and always
        for the final count, so a GUI is not flooded by 100k tiny steps.
    cancel
        When set (by any thread), :attr:`cancelled` turns true; the worker checks it between
        units and stops early.
    stream
        Where the bar is drawn; ``sys.stderr`` by default. No bar unless it is a TTY.
    """

    def __init__(
        self,
        total: int,
        desc: str,
        callback: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
        *,
        stream: TextIO | None = None,
        unit: str = "file",
        min_interval: float = 0.1,
    ) -> None:
        self.total = max(int(total), 0)
        self.desc = desc
        self.done = 0
        self._callback = callback
        self._cancel = cancel if cancel is not None else threading.Event()
        self._min_interval = min_interval
        self._last_report = float("-inf")
        self._lock = threading.RLock()  # a callback may read or advance
        self._closed = False
        stream = sys.stderr if stream is None else stream
        self._bar = None
        if _is_tty(stream):
            from tqdm import tqdm

            self._bar = tqdm(total=self.total, desc=desc, unit=unit, file=stream, leave=False)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def set_total(self, total: int) -> None:
        with self._lock:
            self.total = max(int(total), 0)
            if self._bar is not None:
                self._bar.total = self.total
                self._bar.refresh()
            self._report(force=True)

    def advance(self, n: int = 1) -> None:
        if n <= 0:
            return
        with self._lock:
            self.done += n
            if self._bar is not None:
                self._bar.update(n)
            self._report(force=self.done >= self.total)

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._report(force=True)
            if self._bar is not None:
                self._bar.close()

    def _report(self, *, force: bool) -> None:
        if self._callback is None:
            return
        now = time.monotonic()
        if force or now - self._last_report >= self._min_interval:
            self._last_report = now
            self._callback(self.done, self.total)

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def say_waiting(line: str) -> None:
    """What a job blocked behind another process's lock tells a person at a terminal."""
    print(f"encore: {line}; waiting for it to finish", file=sys.stderr, flush=True)


def _is_tty(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False
