"""A background thread that ships pending outbox rows to Kafka.

A row is marked delivered only after the broker acknowledged it (``acks="all"``); any failure
leaves it pending for the next attempt. When the broker is down the thread backs off
exponentially; when the app restarts, the rows still pending are simply sent then. Delivery is
at-least-once: the backend worker de-duplicates by event id / track id.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from engine.events.kafka import (
    PLAY_EVENTS,
    TRACK_FEATURES,
    BrokerError,
    ensure_topics,
    make_producer,
)
from engine.events.outbox import Outbox, OutboxRow

log = logging.getLogger(__name__)

# Topics whose Kafka messages may carry a JSON array of records (an envelope) instead of one.
# kafka-python spends tens of microseconds per message in Python, so one message per event caps
# a producer near 10,000 events/s on a small machine; envelopes of up to ENVELOPE_MAX records
# with the same key keep per-key order and lift that ceiling.
ENVELOPE_TOPICS = frozenset({PLAY_EVENTS, TRACK_FEATURES})
ENVELOPE_MAX = 500
ENVELOPE_MAX_BYTES = 512 * 1024
SWITCH_INTERVAL_S = 0.0005


def envelopes(rows: list[OutboxRow]) -> Iterator[tuple[str, str, list[int], bytes]]:
    """``(topic, key, row ids, value)`` per Kafka message, in row order per (topic, key)."""
    groups: dict[tuple[str, str], list[OutboxRow]] = {}
    for row in rows:
        if row.topic not in ENVELOPE_TOPICS:
            yield row.topic, row.key, [row.id], row.payload
            continue
        groups.setdefault((row.topic, row.key), []).append(row)
    for (topic, key), members in groups.items():
        chunk: list[OutboxRow] = []
        size = 0
        for row in members:
            if chunk and (
                len(chunk) >= ENVELOPE_MAX or size + len(row.payload) > ENVELOPE_MAX_BYTES
            ):
                yield topic, key, [r.id for r in chunk], _array(chunk)
                chunk, size = [], 0
            chunk.append(row)
            size += len(row.payload) + 1
        if chunk:
            yield topic, key, [r.id for r in chunk], _array(chunk)


def _array(rows: list[OutboxRow]) -> bytes:
    return b"[" + b",".join(r.payload for r in rows) + b"]"


@dataclass
class PublisherStatus:
    delivered: int = 0  # outbox rows acknowledged
    messages: int = 0  # Kafka messages acknowledged (envelopes count once)
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
            # The publisher is CPU-bound Python while it ships a backlog; with the default 5 ms
            # GIL switch interval a thread calling record() (or feeding audio) can wait that
            # long for the GIL. 0.5 ms cuts that wait tenfold at a small cost in throughput.
            if sys.getswitchinterval() > SWITCH_INTERVAL_S:
                sys.setswitchinterval(SWITCH_INTERVAL_S)
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
                self._checkpoint()  # rows keep arriving while the broker is away
                self._stop.wait(delay)
                delay = min(delay * 2, self.backoff_max)
                continue
            delay = self.backoff_min
            if sent == 0:
                self._checkpoint()
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
                (ids, producer.send(topic, key=key.encode(), value=value))
                for topic, key, ids, value in envelopes(rows)
            ]
            producer.flush(timeout=30)
            acked: list[int] = []
            error: Exception | None = None
            for ids, future in futures:
                try:
                    future.get(timeout=0)  # already resolved by flush(); raises if it failed
                    acked.extend(ids)
                    self.status.messages += 1
                except Exception as exc:
                    error = error or exc
            self.outbox.mark_delivered(acked)
            # Checkpointing here keeps that work off the recording threads (see outbox.py).
            self._checkpoint()
            self.status.delivered += len(acked)
            self.status.connected = True
            if error is not None:
                raise error
            return len(acked)
        finally:
            with self._idle:
                self._busy = False
                self._idle.notify_all()

    def _checkpoint(self) -> None:
        try:
            self.outbox.checkpoint()
        except sqlite3.Error as exc:  # busy or closing: the next round will do it
            log.debug("outbox checkpoint skipped: %s", exc)

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
