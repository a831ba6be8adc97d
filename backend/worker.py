"""The backend worker: a consumer group member that stores play events and features in MongoDB.

Per poll: parse every message (bad ones become dead letters with the reason), write the batch
(:class:`backend.sink.MongoSink`, idempotent), and only then commit the offsets. If MongoDB is
down the same batch is retried with backoff and nothing is committed; if the worker dies, the
uncommitted batch is delivered again and changes nothing the second time.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pymongo.errors import PyMongoError

from backend.sink import BatchResult, DeadLetter, MongoSink
from backend.training import TrainingPolicy, TrainingTrigger
from engine.errors import EncoreError
from engine.events.kafka import (
    PLAY_EVENTS,
    TRACK_FEATURES,
    BrokerError,
    ensure_topics,
    make_consumer,
)
from engine.events.runtime import mongo_database
from engine.events.wire import PlayEvent, decode, decode_features
from engine.events.wire_checks import EventFormatError, parse_json, shown

if TYPE_CHECKING:
    from pymongo.database import Database

    from engine.context import Context

log = logging.getLogger(__name__)


@dataclass
class WorkerStatus:
    batches: int = 0
    events_new: int = 0
    events_duplicate: int = 0
    events_cleared: int = 0  # dropped: older than their listener's history clear
    features: int = 0
    dead_letters: int = 0
    commits: int = 0
    mongo_failures: int = 0
    commit_failures: int = 0
    last_error: str | None = None
    started_at: float = field(default_factory=time.time)


def parse_records(
    records: dict[Any, list[Any]],
) -> tuple[list[PlayEvent], list[dict[str, Any]], list[DeadLetter]]:
    """Split one poll's messages into play events, features and dead letters.

    A message holds one JSON record or an envelope (a JSON array of records with the same key,
    see ``engine.events.publisher``); a bad record in an envelope is dead-lettered alone. No
    payload stops the worker: a message it cannot read is a dead letter with the reason, so the
    batch is committed and a restart does not meet the same message again.
    """
    events: list[PlayEvent] = []
    features: list[dict[str, Any]] = []
    dead: list[DeadLetter] = []
    for messages in records.values():
        for m in messages:
            try:
                _parse_message(m, events, features, dead)
            except Exception as exc:  # a decoder bug must cost one message, not the worker
                log.exception("cannot read %s[%s]@%s", m.topic, m.partition, m.offset)
                dead.append(_dead(m, f"cannot be read ({type(exc).__name__}: {shown(str(exc))})"))
    return events, features, dead


def _parse_message(
    m: Any, events: list[PlayEvent], features: list[dict[str, Any]], dead: list[DeadLetter]
) -> None:
    if m.topic not in (PLAY_EVENTS, TRACK_FEATURES):
        dead.append(_dead(m, f"unexpected topic {shown(m.topic)}"))
        return
    try:
        if m.value is None:
            raise EventFormatError("message has no value")
        data = parse_json(m.value, "message")
    except EventFormatError as exc:
        dead.append(_dead(m, str(exc)))
        return
    envelope = isinstance(data, list)
    if envelope and not data:
        dead.append(_dead(m, "message is an empty array (no records)"))
    for index, item in enumerate(data if envelope else [data]):
        try:
            if m.topic == PLAY_EVENTS:
                events.append(decode(item))
            else:
                features.append(decode_features(item))
        except EventFormatError as exc:
            if envelope:
                dead.append(_dead(m, str(exc), index, _record_bytes(item, m.value)))
            else:
                dead.append(_dead(m, str(exc)))


def _record_bytes(item: Any, whole: bytes) -> bytes:
    """One bad record of an envelope as JSON, or the whole message if it cannot be written."""
    try:
        return json.dumps(item).encode("utf-8")
    except (ValueError, TypeError, RecursionError):
        return whole


def _dead(m: Any, reason: str, index: int | None = None, value: bytes | None = None) -> DeadLetter:
    return DeadLetter(
        m.topic, m.partition, m.offset, m.key, m.value if value is None else value, reason, index
    )


class Worker:
    def __init__(
        self,
        bootstrap: str,
        database: Database,
        *,
        batch: int = 5000,
        stop: threading.Event | None = None,
        trigger: TrainingTrigger | None = None,
        backoff: tuple[float, float] = (0.2, 10.0),
        consumer_overrides: dict[str, Any] | None = None,
    ) -> None:
        self.bootstrap = bootstrap
        self.sink = MongoSink(database)
        self.batch = batch
        self.stop_event = stop or threading.Event()
        self.trigger = trigger
        self.backoff_min, self.backoff_max = backoff
        self.consumer_overrides = consumer_overrides or {}
        self.status = WorkerStatus()
        self.ready = threading.Event()  # set once subscribed (tests and `backend status`)
        self.progress = threading.Condition()  # notified after every batch attempt
        self._consumer: Any = None

    def stop(self) -> None:
        self.stop_event.set()

    def wait_for(self, predicate: Any, timeout: float) -> bool:
        """Block until ``predicate(status)`` holds after some batch, or ``timeout`` passes."""
        with self.progress:
            return self.progress.wait_for(lambda: predicate(self.status), timeout)

    def _notify(self) -> None:
        with self.progress:
            self.progress.notify_all()

    # --- main loop -------------------------------------------------------------------------
    def run(self) -> WorkerStatus:
        if not self._retry(self._prepare_mongo, "MongoDB"):
            return self.status
        if not self._retry(self._connect, "Kafka"):
            return self.status
        self.ready.set()
        log.info("worker consuming %s, %s from %s", PLAY_EVENTS, TRACK_FEATURES, self.bootstrap)
        try:
            while not self.stop_event.is_set():
                records = self._consumer.poll(timeout_ms=500, max_records=self.batch)
                if records:
                    self._handle(records)
                if self.trigger is not None:
                    self.trigger.maybe_start()
        finally:
            # Never commit here: only a stored batch is committed, in _handle.
            self._consumer.close(autocommit=False)
            self._consumer = None
        return self.status

    def _handle(self, records: dict[Any, list[Any]]) -> None:
        events, features, dead = parse_records(records)
        for letter in dead:
            log.warning(
                "dead letter %s[%d]@%d: %s",
                letter.topic,
                letter.partition,
                letter.offset,
                letter.reason,
            )
        result: BatchResult | None = None
        delay = self.backoff_min
        while result is None:
            try:
                result = self.sink.write_batch(events, features, dead)
            except PyMongoError as exc:
                self.status.mongo_failures += 1
                self.status.last_error = f"MongoDB: {exc}"
                self._notify()
                log.warning("MongoDB did not take the batch, retrying: %s", exc)
                if self.stop_event.wait(delay):
                    return  # stopping: the batch stays uncommitted and comes again
                delay = min(delay * 2, self.backoff_max)
                # A partly applied stats journal from the failed attempt is finished first.
                with contextlib.suppress(PyMongoError):
                    self.sink.recover()
        self.status.batches += 1
        self.status.events_new += result.events_new
        self.status.events_duplicate += result.events_duplicate
        self.status.events_cleared += result.events_cleared
        self.status.features += result.features
        self.status.dead_letters += result.dead_letters
        self._commit()
        self._notify()
        if self.trigger is not None:
            self.trigger.note(events=result.events_new, tracks=result.features)

    def _commit(self) -> None:
        from kafka.errors import KafkaError

        try:
            self._consumer.commit()
            self.status.commits += 1
        except KafkaError as exc:
            # E.g. the group rebalanced while MongoDB was down: the batch will be delivered
            # again to whoever owns the partition now, and storing it twice changes nothing.
            self.status.commit_failures += 1
            self.status.last_error = f"Kafka commit: {exc}"
            log.warning("offset commit failed (the batch will be redelivered): %s", exc)

    # --- setup -----------------------------------------------------------------------------
    def _prepare_mongo(self) -> None:
        self.sink.ensure_indexes()
        recovered = self.sink.recover()
        if recovered:
            log.info("finished %d stats journal(s) left by an earlier run", recovered)

    def _connect(self) -> None:
        ensure_topics(self.bootstrap)
        self._consumer = make_consumer(
            self.bootstrap, (PLAY_EVENTS, TRACK_FEATURES), **self.consumer_overrides
        )

    def _retry(self, step: Any, what: str) -> bool:
        delay = self.backoff_min
        while not self.stop_event.is_set():
            try:
                step()
                return True
            except (PyMongoError, BrokerError) as exc:
                self.status.last_error = f"{what}: {exc}"
                log.warning("%s not ready, retrying in %.1f s: %s", what, delay, exc)
                self.stop_event.wait(delay)
                delay = min(delay * 2, self.backoff_max)
        return False


def build_worker(
    ctx: Context,
    *,
    batch: int = 5000,
    stop: threading.Event | None = None,
    policy: TrainingPolicy | None = None,
) -> Worker:
    """A worker for a server-mode context (needs ``kafka_bootstrap`` and ``mongo_uri``)."""
    config = ctx.config
    missing = [
        n
        for n, v in (("ENCORE_KAFKA", config.kafka_bootstrap), ("ENCORE_MONGO", config.mongo_uri))
        if not v
    ]
    if missing:
        raise EncoreError(f"the worker needs {' and '.join(missing)} (Kafka and MongoDB)")
    database = mongo_database(config.mongo_uri)
    sink = MongoSink(database)
    trigger = None
    if policy is not None:
        trigger = TrainingTrigger(
            ctx, policy, on_done=lambda summary: sink.note(last_training=summary)
        )
    return Worker(config.kafka_bootstrap, database, batch=batch, stop=stop, trigger=trigger)
