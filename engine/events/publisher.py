"""A background thread that ships pending outbox rows to Kafka.

A row is marked delivered only after the broker acknowledged it (``acks="all"``); any failure
leaves it pending for the next attempt. When the broker is down the thread backs off
exponentially; when the app restarts, the rows still pending are simply sent then. Delivery is
at-least-once: the backend worker de-duplicates by event id / track id.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from engine.events.kafka import BrokerError, ensure_topics, make_producer
from engine.events.outbox import Outbox

log = logging.getLogger(__name__)


@dataclass
class PublisherStatus:
    delivered: int = 0
    failures: int = 0
    last_error: str | None = None
    connected: bool = False


class Publisher:
    """Runs while a server-mode :class:`~engine.context.Context` is open."""

    def __init__(
        self,
        outbox: Outbox,
        bootstrap: str,
        *,
        wake: threading.Event | None = None,
        batch: int = 5000,
        poll_interval: float = 1.0,
        backoff: tuple[float, float] = (0.2, 30.0),
        producer_factory: Callable[[str], Any] = make_producer,
    ) -> None:
        self.outbox = outbox
        self.bootstrap = bootstrap
        self.wake = wake or threading.Event()
        self.batch = batch
        # Rows written by another process (e.g. `encore history import` beside the desktop)
        # ring no bell here, so the thread also looks every poll_interval seconds.
        self.poll_interval = poll_interval
        self.backoff_min, self.backoff_max = backoff
        self.status = PublisherStatus()
        self._producer_factory = producer_factory
        self._producer: Any = None
        self._topics_ready = False
        self._stop = threading.Event()
        self._idle = threading.Condition()
        self._busy = False
        self._thread: threading.Thread | None = None

    # --- lifecycle -------------------------------------------------------------------------
    def start(self) -> Publisher:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="encore-publisher", daemon=True)
            self._thread.start()
        return self

    def stop(self, drain_timeout: float = 5.0) -> None:
        """Stop the thread. While the broker is reachable, first try for up to
        ``drain_timeout`` seconds to ship what is pending; whatever is left stays in the outbox."""
        if self._thread is None:
            return
        if self.status.connected and drain_timeout > 0:
            self.wait_delivered(drain_timeout)
        self._stop.set()
        self.wake.set()
        # A connection attempt in progress ends within the bootstrap timeout (3 s); the thread
        # is a daemon, so an exit never hangs on a broker that does not answer.
        self._thread.join(timeout=10)
        self._thread = None
        self._close_producer()

    def wait_delivered(self, timeout: float) -> bool:
        """Block until nothing is pending (True) or ``timeout`` passes (False)."""
        deadline = time.monotonic() + timeout
        with self._idle:
            while True:
                if not self._busy and self.outbox.pending_count() == 0:
                    return True
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self.wake.set()
                self._idle.wait(min(remaining, 0.5))

    # --- the loop --------------------------------------------------------------------------
    def _run(self) -> None:
        delay = self.backoff_min
        while not self._stop.is_set():
            self.wake.clear()
            try:
                sent = self._ship_once()
            except Exception as exc:  # broker or network: keep the rows, back off, retry
                self._on_failure(exc)
                self._stop.wait(delay)
                delay = min(delay * 2, self.backoff_max)
                continue
            delay = self.backoff_min
            if sent == 0:
                with self._idle:
                    self._idle.notify_all()
                self.wake.wait(self.poll_interval)

    def _ship_once(self) -> int:
        """Send one batch of pending rows; returns how many were acknowledged."""
        rows = self.outbox.pending(self.batch)
        if not rows:
            return 0
        with self._idle:
            self._busy = True
        try:
            producer = self._ensure_producer()
            futures = [
                (row.id, producer.send(row.topic, key=row.key.encode(), value=row.payload))
                for row in rows
            ]
            producer.flush(timeout=30)
            acked: list[int] = []
            error: Exception | None = None
            for row_id, future in futures:
                try:
                    future.get(timeout=0)  # already resolved by flush(); raises if it failed
                    acked.append(row_id)
                except Exception as exc:
                    error = error or exc
            self.outbox.mark_delivered(acked)
            self.status.delivered += len(acked)
            self.status.connected = True
            if error is not None:
                raise error
            return len(acked)
        finally:
            with self._idle:
                self._busy = False
                self._idle.notify_all()

    def _ensure_producer(self) -> Any:
        if self._producer is None:
            self._producer = self._producer_factory(self.bootstrap)
        if not self._topics_ready:
            ensure_topics(self.bootstrap)
            self._topics_ready = True
        return self._producer

    def _on_failure(self, exc: Exception) -> None:
        self.status.failures += 1
        self.status.connected = False
        message = str(exc) if isinstance(exc, BrokerError) else f"{type(exc).__name__}: {exc}"
        if message != self.status.last_error:
            log.warning("play events wait in the outbox: %s", message)
        self.status.last_error = message
        # A broker that lost its state (or a new one) may lack the topics, and a producer that
        # has been failing may hold stale metadata: start both afresh next time.
        self._topics_ready = False
        self._close_producer()

    def _close_producer(self) -> None:
        if self._producer is not None:
            # Closing a broken producer can raise; there is nothing left to save.
            with contextlib.suppress(Exception):
                self._producer.close(timeout=1)
            self._producer = None
