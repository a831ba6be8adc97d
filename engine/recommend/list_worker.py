"""One background thread that asks for the served lists new events call for.

An event that makes a song one of a taste centre's voters (:mod:`engine.recommend.votes`)
needs that song's "what next" list: one recommend query, up to ~50 ms at 100k songs. The
event is recorded on the player's control thread (a completed play) or the GUI's (a like), so
the query is queued here instead and the event returns at once; the list joins the votes when
it is kept. Songs already kept or already on their way are not asked for again.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Iterable

from engine.recommend.votes import ServedLists

log = logging.getLogger(__name__)


class ListWorker:
    """Asks for served lists on one thread of its own, started at the first list wanted."""

    def __init__(self) -> None:
        self._queue: queue.Queue[tuple[ServedLists, str] | None] = queue.Queue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._closed = False

    def ask(self, served: ServedLists, track_ids: Iterable[str]) -> None:
        """Queue the lists of ``track_ids`` that ``served`` neither keeps nor is asking for;
        returns without waiting for any. Nothing once closed."""
        with self._lock:  # a claim is queued before close can look: none is left claimed
            if self._closed:
                return
            wanted = [t for t in track_ids if served.claim(t)]
            if not wanted:
                return
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="served-lists", daemon=True)
                self._thread.start()
            for track_id in wanted:
                self._queue.put((served, track_id))

    def wait(self) -> None:
        """Block until every list queued so far is kept (tests and benchmarks)."""
        self._queue.join()

    def close(self) -> None:
        """Stop the thread: lists still queued are given up (their songs are asked for by
        the next question that needs them), the one being asked for is finished."""
        with self._lock:
            thread, self._thread = self._thread, None
            self._closed = True
        if thread is not None:
            self._queue.put(None)
            thread.join()

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            try:
                if item is None:
                    return
                served, track_id = item
                if self._closed:
                    served.release(track_id)
                    continue
                try:
                    served.fetch(track_id)
                except Exception:  # a bug in one query must not stop the lists after it
                    log.exception("asking for the served list of %s failed", track_id)
            finally:
                self._queue.task_done()
