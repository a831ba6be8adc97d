"""The player's lock and its listeners: what happened inside is announced after release.

Listeners (the desktop's bridge, the CLI) and the play-event recorder are called only once the
outermost ``with notifier.tx():`` is left, in the order things happened, so they may call back
into the player without deadlocking and never run while its state is half changed.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator

Listener = Callable[[str, dict], None]


class Notifier:
    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._depth = 0
        self._pending: list[Callable[[], None]] = []
        self._listeners: list[Listener] = []

    def add_listener(self, fn: Listener) -> None:
        self._listeners.append(fn)

    def notify(self, name: str, payload: dict) -> None:
        """Tell every listener ``name`` with ``payload`` once the lock is released."""
        self._pending.append(lambda: self.dispatch(name, payload))

    def later(self, fn: Callable[[], None]) -> None:
        """Run ``fn`` once the lock is released (after what was queued before it)."""
        self._pending.append(fn)

    def dispatch(self, name: str, payload: dict) -> None:
        for fn in list(self._listeners):
            with contextlib.suppress(Exception):  # a broken listener must not stop playback
                fn(name, payload)

    @contextlib.contextmanager
    def tx(self) -> Iterator[None]:
        """Hold the lock; on leaving the outermost level, deliver queued calls in order."""
        with self._lock:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                flush: list[Callable[[], None]] = []
                if self._depth == 0:
                    flush, self._pending = self._pending, []
        for fn in flush:
            fn()
