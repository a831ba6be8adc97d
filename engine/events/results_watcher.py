"""Follow ``encore.recommendations`` for one device and say when a newer training run is active.

The rule for "newer" lives in :func:`newer_run`: a notice counts only when the run it names is
the store's active run (so a notice for an unknown run, or for a run since replaced, changes
nothing) and that run was created after the one being served. The notice itself is untrusted:
only its ``run_id`` is read, the rest comes from the store.

:class:`ResultsWatcher` is the long-running part (a desktop, any process that serves
recommendations): its own consumer group per device (``encore-results-<device id>``) so every
device sees every notice, starting at the latest offset (offsets are never committed; what
happened before the start is the active run the process loaded). Right after the group
assignment, and after a reconnect, it also asks the store once, so a run saved while it was
joining or disconnected is not missed. Callbacks run on the watcher's thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from engine.errors import EncoreError
from engine.events.kafka import RECOMMENDATIONS, BrokerError, make_consumer
from engine.events.wire import EventFormatError, ResultsNotice, decode_notice
from engine.models import RunInfo
from engine.stores.protocol import Store

log = logging.getLogger(__name__)

GROUP_PREFIX = "encore-results-"
POLL_MS = 500
# How often an idle watcher asks the broker whether it is still there (kafka-python's poll
# returns nothing either way), and how long it waits before connecting again.
PROBE_S = 10.0
RETRY_S = 5.0


def results_group(device_id: str) -> str:
    return GROUP_PREFIX + device_id


@dataclass(frozen=True, slots=True)
class RunStamp:
    """Which run a process serves: enough to tell whether another one is newer."""

    run_id: str
    created_at: float

    @classmethod
    def of(cls, run: RunInfo | None) -> RunStamp | None:
        return None if run is None else cls(run.run_id, float(run.created_at))


def newer_run(
    store: Store, serving: RunStamp | None, notice: ResultsNotice | None = None
) -> RunInfo | None:
    """The store's active run when it is newer than ``serving`` (and, given a notice, is the
    run the notice names); otherwise None. Raises :class:`~engine.errors.StoreError` when the
    store cannot be read."""
    active = store.active_run()
    if active is None:
        return None
    if notice is not None and notice.run_id != active.run_id:
        return None  # an older run's notice, or one for a run this store never saved
    if serving is not None and (
        active.run_id == serving.run_id or active.created_at <= serving.created_at
    ):
        return None
    return active


Status = Callable[[str, str | None], None]  # (part, problem or None once it works again)


class ResultsWatcher:
    """A thread that calls ``on_new_run(run)`` each time a newer run becomes active.

    Parameters
    ----------
    bootstrap
        The Kafka bootstrap servers.
    store
        Where runs are checked (the server's MongoDB store in server mode).
    device_id
        Names the consumer group.
    serving
        The run the process serves now (None: nothing trained yet); asked at each check.
    on_new_run
        Called with the newer run; the watcher counts it as served from then on, even before
        ``serving`` says so (the process reloads in its own time).
    on_status
        ``on_status("broker" | "store", problem)`` when a part stops answering and
        ``on_status(part, None)`` when it answers again; each change is reported once.
    probe_s, retry_s
        How often an idle watcher checks the broker is there; how long it waits to reconnect.
    """

    def __init__(
        self,
        bootstrap: str,
        store: Store,
        device_id: str,
        *,
        serving: Callable[[], RunStamp | None],
        on_new_run: Callable[[RunInfo], None],
        on_status: Status | None = None,
        consumer_settings: dict[str, Any] | None = None,
        probe_s: float = PROBE_S,
        retry_s: float = RETRY_S,
    ) -> None:
        self.bootstrap = bootstrap
        self.store = store
        self.group = results_group(device_id)
        self.serving = serving
        self._announced: RunStamp | None = None
        self.on_new_run = on_new_run
        self.on_status = on_status
        self.consumer_settings = consumer_settings or {}
        self.probe_s = probe_s
        self.retry_s = retry_s
        self.ignored = 0  # notices that named no newer active run (tests read it)
        self.listening = threading.Event()  # set once the group has its partitions
        self._problems: dict[str, str] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> ResultsWatcher:
        self._thread = threading.Thread(target=self._run, name="encore-results", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float | None = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    # --- the thread ------------------------------------------------------------------------
    def _run(self) -> None:
        from kafka.errors import KafkaError

        while not self._stop.is_set():
            try:
                consumer = make_consumer(
                    self.bootstrap,
                    (RECOMMENDATIONS,),
                    **{
                        "group_id": self.group,
                        "client_id": self.group,
                        "auto_offset_reset": "latest",
                        "max_poll_records": 100,
                        **self.consumer_settings,
                    },
                )
            except BrokerError as exc:
                self._report("broker", str(exc))
                self._stop.wait(self.retry_s)
                continue
            try:
                self._follow(consumer)
            except (KafkaError, OSError) as exc:  # the broker went away mid-request
                self._report("broker", f"Kafka at {self.bootstrap}: {exc}")
                self._stop.wait(self.retry_s)
            except Exception:  # a bug here must not end the thread for good: log, go on
                log.exception("following %s failed; starting again", RECOMMENDATIONS)
                self._stop.wait(self.retry_s)
            finally:
                self.listening.clear()
                try:
                    consumer.close(autocommit=False)
                except Exception as exc:  # closing a consumer whose broker is gone
                    log.debug("closing the results consumer: %s", exc)

    def _follow(self, consumer: Any) -> None:
        from kafka import TopicPartition
        from kafka.errors import KafkaError

        assigned = False
        last_probe = time.monotonic()
        while not self._stop.is_set():
            batches = consumer.poll(timeout_ms=POLL_MS)
            if not assigned and consumer.assignment():
                # "Latest" is resolved lazily; fix it now, so that every notice sent from here
                # on is seen and the store check below covers everything before.
                for part in consumer.assignment():
                    consumer.position(part, timeout_ms=int(self.retry_s * 1000))
                assigned = True
                self.listening.set()
                self._report("broker", None)
                self._check(None)  # anything saved while the group was being joined
            for records in batches.values():
                for record in records:
                    self._on_record(record.value)
            if time.monotonic() - last_probe < self.probe_s:
                continue
            last_probe = time.monotonic()
            parts = list(consumer.assignment()) or [TopicPartition(RECOMMENDATIONS, 0)]
            try:
                consumer.end_offsets(parts, timeout_ms=int(self.retry_s * 1000))
            except KafkaError as exc:
                self._report("broker", f"Kafka at {self.bootstrap}: {exc}")
                continue
            missed = "broker" in self._problems or "store" in self._problems
            self._report("broker", None)
            if missed:
                self._check(None)  # results that landed while a part was away

    def _on_record(self, value: bytes) -> None:
        try:
            notice = decode_notice(value)
        except EventFormatError as exc:
            self.ignored += 1
            log.warning("%s: skipping a notice that is not in its form (%s)", RECOMMENDATIONS, exc)
            return
        self._check(notice)

    def _check(self, notice: ResultsNotice | None) -> None:
        try:
            run = newer_run(self.store, self._served(), notice)
        except EncoreError as exc:
            self._report("store", str(exc))
            return
        self._report("store", None)
        if run is None:
            if notice is not None:
                self.ignored += 1
                log.info("results notice for run %r ignored: not newer", notice.run_id)
            return
        self._announced = RunStamp.of(run)
        self.on_new_run(run)

    def _served(self) -> RunStamp | None:
        stamps = [s for s in (self.serving(), self._announced) if s is not None]
        return max(stamps, key=lambda s: s.created_at, default=None)

    def _report(self, part: str, problem: str | None) -> None:
        if problem is None:
            if self._problems.pop(part, None) is not None:
                self._status(part, None)
        elif part not in self._problems:
            self._problems[part] = problem
            log.warning("%s", problem)
            self._status(part, problem)

    def _status(self, part: str, problem: str | None) -> None:
        if self.on_status is not None:
            self.on_status(part, problem)
