"""When the worker retrains: on a schedule and/or once enough new events or tracks arrived.

Training is :func:`engine.library_ops.train` (the registered Spark job against
``config.spark_master``, with the same popularity policy as ``encore train`` and the desktop)
in its own thread so consumption never stalls, then queues an
``encore.recommendations`` notice through the outbox so clients learn new results exist.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from engine.context import Context
from engine.events.announce import announce_active_run

if TYPE_CHECKING:
    from engine.recommend.training import TrainingSummary

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class TrainingPolicy:
    every_s: float | None = 6 * 3600.0  # retrain at least this often when anything changed
    min_new_events: int = 10_000  # ... or as soon as this many new play events arrived
    min_new_tracks: int = 50  # ... or this many tracks got (new) features
    min_gap_s: float = 300.0  # never twice within this long


def run_registered_training(ctx: Context) -> TrainingSummary:
    """k-means + LSH (:func:`engine.library_ops.train`), then listeners like you ("als"), on one
    Spark session; a failed ALS run is logged and leaves the new neighbours in place."""
    from engine.library_ops import train
    from engine.spark.jobs import run_job, spark_session

    with spark_session(ctx, "train") as spark:
        summary = train(ctx, spark=spark)
        try:
            log.info("listeners like you (ALS): %s", run_job("als", ctx, spark=spark))
        except Exception as exc:  # the new neighbours stand; say why and go on
            log.error("listeners like you (ALS) failed: %s", exc)
    return summary


class TrainingTrigger:
    def __init__(
        self,
        ctx: Context,
        policy: TrainingPolicy,
        *,
        job: Callable[[Context], object] = run_registered_training,
        clock: Callable[[], float] = time.monotonic,
        on_done: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        self.ctx = ctx
        self.policy = policy
        self.job = job
        self.clock = clock
        self.on_done = on_done
        self.new_events = 0
        self.new_tracks = 0
        self.last_started: float | None = None
        self.runs = 0
        self.last_error: str | None = None
        self.done = threading.Event()  # set after each finished attempt (tests wait on it)
        self._thread: threading.Thread | None = None

    def note(self, *, events: int = 0, tracks: int = 0) -> None:
        self.new_events += events
        self.new_tracks += tracks

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def due(self) -> bool:
        if self.running or (self.new_events == 0 and self.new_tracks == 0):
            return False
        now = self.clock()
        since = None if self.last_started is None else now - self.last_started
        if since is not None and since < self.policy.min_gap_s:
            return False
        if self.new_events >= self.policy.min_new_events:
            return True
        if self.new_tracks >= self.policy.min_new_tracks:
            return True
        every = self.policy.every_s
        return every is not None and (since is None or since >= every)

    def maybe_start(self) -> bool:
        if not self.due():
            return False
        self.last_started = self.clock()
        reason = {"events": self.new_events, "tracks": self.new_tracks}
        self.new_events = self.new_tracks = 0
        self.done.clear()
        self._thread = threading.Thread(
            target=self._train, args=(reason,), name="encore-training", daemon=True
        )
        self._thread.start()
        return True

    def _train(self, reason: dict[str, int]) -> None:
        started = time.time()
        summary: dict[str, Any] = {"started_at": started, "trigger": reason}
        try:
            log.info("training: %s new events, %s new tracks", reason["events"], reason["tracks"])
            self.job(self.ctx)
            run = announce_active_run(self.ctx)
            if run is not None:
                summary.update(run_id=run.run_id, n_tracks=run.n_tracks, k=run.k)
            summary.update(ok=True, seconds=time.time() - started)
            self.runs += 1
            self.last_error = None
        except Exception as exc:  # a failed run keeps the previous results; say why, go on
            self.last_error = f"{type(exc).__name__}: {exc}"
            log.error("training failed: %s", self.last_error)
            summary.update(ok=False, error=self.last_error, seconds=time.time() - started)
        finally:
            if self.on_done is not None:
                try:
                    self.on_done(summary)
                except Exception as exc:  # e.g. MongoDB down while noting the result
                    log.warning("could not record the training result: %s", exc)
            self.done.set()

    def join(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)
