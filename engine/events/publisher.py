"""The publisher: ships pending outbox rows to Kafka, in a child process of the app.

A row is marked delivered only after the broker acknowledged it (``acks="all"``); any failure
leaves it pending for the next attempt. When the broker is down the loop backs off
exponentially; when the app restarts, the rows still pending are simply sent then. Delivery is
at-least-once: the backend worker de-duplicates by event id / track id.

The loop runs in its own process (``python -m engine.events.publisher``, started and supervised
by :class:`engine.events.publisher_process.PublisherProcess`): shipping a backlog is CPU-bound
Python in kafka-python, and in the app's process it would hold the GIL against the threads that
call ``record()`` or feed audio. Parent and child share only the outbox files; the parent rings a
pipe to say "rows were added" and the child reports its counters as JSON lines on stdout.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import signal
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
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
    idle: bool = False  # the last look found nothing pending
    # Every outbox row up to this id was delivered when this report was written: lets the app
    # know its counters already include the rows it sees delivered.
    through: int = 0


class Publisher:
    """The shipping loop; :meth:`run` blocks until ``stop`` is set."""

    def __init__(
        self,
        outbox: Outbox,
        bootstrap: str,
        *,
        wake: threading.Event | None = None,
        stop: threading.Event | None = None,
        batch: int = 5000,
        poll_interval: float = 1.0,
        backoff: tuple[float, float] = (0.2, 30.0),
        producer_factory: Callable[[str], Any] = make_producer,
        report: Callable[[PublisherStatus], None] | None = None,
    ) -> None:
        self.outbox = outbox
        self.bootstrap = bootstrap
        self.wake = wake or threading.Event()
        self.stop = stop or threading.Event()
        self.batch = batch
        # Rows written by another process (e.g. `encore history import` beside the desktop)
        # ring no bell, so the loop also looks every poll_interval seconds.
        self.poll_interval = poll_interval
        self.backoff_min, self.backoff_max = backoff
        self.status = PublisherStatus()
        self._producer_factory = producer_factory
        self._report = report
        self._producer: Any = None
        self._topics_ready = False

    def run(self) -> PublisherStatus:
        delay = self.backoff_min
        try:
            while not self.stop.is_set():
                self.wake.clear()
                try:
                    sent = self._ship_once()
                except Exception as exc:  # broker or network: keep the rows, back off, retry
                    self._on_failure(exc)
                    self._checkpoint()  # rows keep arriving while the broker is away
                    self._emit()
                    self.stop.wait(delay)
                    delay = min(delay * 2, self.backoff_max)
                    continue
                delay = self.backoff_min
                self.status.idle = sent == 0
                self._emit()
                if sent == 0:
                    self._checkpoint()
                    self.wake.wait(self.poll_interval)
        finally:
            self._close_producer()
        return self.status

    def _emit(self) -> None:
        if self._report is not None:
            self._report(self.status)

    def _ship_once(self) -> int:
        """Send one batch of pending rows; returns how many were acknowledged."""
        # Read before looking for pending rows: every row up to here that is not in this batch
        # was already delivered (unless the batch is full and more wait behind it).
        newest = self.outbox.max_id()
        rows = self.outbox.pending(self.batch)
        if not rows:
            self.status.through = max(self.status.through, newest)
            return 0
        self.status.idle = False
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
        if len(rows) < self.batch:
            self.status.through = max(self.status.through, newest)
        return len(acked)

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
        self.status.idle = False
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


# --- the child process -------------------------------------------------------------------------
def _listen(fd: int, wake: threading.Event, stop: threading.Event) -> None:
    """Each byte on the pipe means "rows were added"; end of file means the app is gone."""
    while True:
        try:
            data = os.read(fd, 4096)
        except InterruptedError:
            continue
        except OSError:
            data = b""
        if not data:
            stop.set()
            wake.set()
            return
        wake.set()


def _watch_parent(parent: int, wake: threading.Event, stop: threading.Event) -> None:
    """The wake pipe may stay open in a process forked from the app; the parent id does not."""
    while not stop.wait(2.0):
        if os.getppid() != parent:
            stop.set()
            wake.set()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m engine.events.publisher")
    parser.add_argument("--outbox", type=Path, required=True)
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--wake-fd", type=int, required=True)
    parser.add_argument("--parent", type=int, required=True)
    parser.add_argument("--poll-interval", type=float, default=1.0)
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--nice", type=int, default=0, help="lower the CPU priority by this")
    args = parser.parse_args(argv)
    if args.nice > 0:
        os.nice(args.nice)
    logging.basicConfig(level=logging.WARNING, format="encore-publisher: %(message)s")
    logging.getLogger("kafka").setLevel(logging.CRITICAL)
    wake, stop = threading.Event(), threading.Event()

    def _on_signal(_signum: int, _frame: object) -> None:
        stop.set()
        wake.set()

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    out = sys.stdout

    def report(status: PublisherStatus) -> None:
        out.write(json.dumps(asdict(status), separators=(",", ":")) + "\n")
        out.flush()

    for target, targs in ((_listen, (args.wake_fd,)), (_watch_parent, (args.parent,))):
        threading.Thread(target=target, args=(*targs, wake, stop), daemon=True).start()
    outbox = Outbox(args.outbox, manual_checkpoint=True)
    try:
        Publisher(
            outbox,
            args.bootstrap,
            wake=wake,
            stop=stop,
            batch=args.batch,
            poll_interval=args.poll_interval,
            report=report,
        ).run()
    except BrokenPipeError:
        return 0  # the parent stopped reading: it is gone
    finally:
        outbox.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
