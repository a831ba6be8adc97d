"""Songs a listener is waiting for: the analysis pool takes them before the rest.

A listener who selects or plays a song while a large import is analysed should not wait for
the whole library to see that song's recommendations. The desktop says which song it shows
(:meth:`Wanted.add`, from the GUI thread); the pool asks before every file it hands out
(:meth:`Wanted.take`, from the analysis thread) and moves those songs to the front of its queue.
"""

from __future__ import annotations

import threading
from collections import deque

# A listener clicks through a few songs at most while waiting; older wishes are dropped.
_KEEP = 8


class Wanted:
    """Track ids asked for, newest first when taken; safe to share between threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ids: deque[str] = deque(maxlen=_KEEP)

    def add(self, track_id: str) -> None:
        with self._lock:
            if track_id in self._ids:
                self._ids.remove(track_id)
            self._ids.append(track_id)

    def take(self) -> list[str]:
        """The ids asked for since the last call, the newest first; forgets them."""
        with self._lock:
            ids = list(reversed(self._ids))
            self._ids.clear()
        return ids
