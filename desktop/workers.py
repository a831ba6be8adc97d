"""The one way the desktop runs background work: a thread pool, cancellable jobs, and results
handed back to the GUI thread through :class:`~desktop.bridge.GuiCaller`.

A job function receives its :class:`Job` and may call ``job.report(...)`` for progress and check
``job.cancelled`` between units of work. Callbacks (``done``, ``failed``, ``progress``) always
run on the GUI thread; a worker never touches a widget.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from concurrent import futures
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.bridge import GuiCaller

log = logging.getLogger(__name__)


class Job:
    """Handle of one submitted job: cancel it, or ask whether it was cancelled."""

    def __init__(self, name: str, caller: GuiCaller, progress: Callable[..., None] | None) -> None:
        self.name = name
        self.cancel_event = threading.Event()
        self.future: Future | None = None
        self._caller = caller
        self._progress = progress
        self.finished = False

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def cancel(self) -> None:
        self.cancel_event.set()
        if self.future is not None:
            self.future.cancel()

    def report(self, *payload: Any) -> None:
        """From the worker: deliver progress to the GUI thread (dropped once cancelled)."""
        if self._progress is not None and not self.cancelled:
            self._caller.call(self._deliver_progress, payload)

    def _deliver_progress(self, payload: tuple) -> None:
        if self._progress is not None and not self.cancelled:
            self._progress(*payload)


class Workers(QObject):
    """A small pool for jobs that must stay off the GUI thread (I/O, queries, analysis)."""

    jobFinished = Signal(object)  # Job, after its done/failed callback ran (tests wait on it)

    def __init__(self, caller: GuiCaller, max_workers: int = 4, parent: QObject | None = None):
        super().__init__(parent)
        self._caller = caller
        self._pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="encore-job")
        self._jobs: set[Job] = set()
        self._closed = False

    def submit(
        self,
        fn: Callable[[Job], Any],
        *,
        name: str = "job",
        done: Callable[[Any], None] | None = None,
        failed: Callable[[BaseException], None] | None = None,
        progress: Callable[..., None] | None = None,
    ) -> Job:
        job = Job(name, self._caller, progress)
        if self._closed:
            job.cancel()
            return job
        self._jobs.add(job)

        def run() -> None:
            try:
                result = fn(job)
            except BaseException as exc:  # every failure goes to the GUI
                log.debug("job %s failed", name, exc_info=True)
                self._caller.call(self._finish, job, None, exc, done, failed)
                return
            self._caller.call(self._finish, job, result, None, done, failed)

        job.future = self._pool.submit(run)
        # Cancelled before a worker took it, ``run`` never runs: finish it here, or the pool
        # would count it as busy for ever (a queued import cancelled at once did that).
        job.future.add_done_callback(lambda future: self._dropped(job, future))
        return job

    def _dropped(self, job: Job, future: Future) -> None:
        if not future.cancelled():
            return
        with contextlib.suppress(RuntimeError):  # the GUI side is already gone at shutdown
            self._caller.call(self._finish, job, None, None, None, None)

    def _finish(
        self,
        job: Job,
        result: Any,
        error: BaseException | None,
        done: Callable[[Any], None] | None,
        failed: Callable[[BaseException], None] | None,
    ) -> None:
        self._jobs.discard(job)
        job.finished = True
        try:
            if job.cancelled or self._closed:
                return
            if error is None:
                if done is not None:
                    done(result)
            elif failed is not None:
                failed(error)
            else:
                log.warning("background job %s failed: %s", job.name, error)
        finally:
            self.jobFinished.emit(job)

    def busy(self) -> bool:
        return bool(self._jobs)

    def shutdown(self, *, wait_s: float = 0.0) -> None:
        """Cancel everything and let running jobs end on their own (they check ``cancelled``).

        ``wait_s``: wait up to this long for running jobs to return, so what they read (the
        store, the event log) can then be closed under none of them.
        """
        self._closed = True
        running = [job.future for job in self._jobs if job.future is not None]
        for job in list(self._jobs):
            job.cancel()
        self._pool.shutdown(wait=False, cancel_futures=True)
        if wait_s > 0 and running:
            futures.wait(running, timeout=wait_s)


class LatestRead:
    """A read whose answer replaces what a page shows (a listing, a list's songs, Home).

    Asking again cancels the read still running: with several workers, and on a loaded
    machine, an older read can come back after a newer one and would show what it read before
    an edit (or another list's songs) over the newer answer.
    """

    def __init__(self, workers: Workers, name: str) -> None:
        self._workers = workers
        self._name = name
        self._job: Job | None = None

    def submit(
        self,
        fn: Callable[[Job], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None] | None = None,
    ) -> Job:
        if self._job is not None:
            self._job.cancel()
        self._job = self._workers.submit(fn, name=self._name, done=done, failed=failed)
        return self._job
