"""The event side of a context: outbox + recorder + event log, and in server mode the publisher
(a supervised child process, see :mod:`engine.events.publisher_process`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from engine.config import Config
from engine.errors import StoreError
from engine.events.log import EventLog, MongoEventLog, OutboxLog
from engine.events.outbox import Outbox
from engine.events.publisher_process import PublisherProcess
from engine.events.recorder import Recorder

if TYPE_CHECKING:
    from pymongo.database import Database

DEFAULT_MONGO_DATABASE = "encore"


def mongo_database(uri: str) -> Database:
    """The database named in the URI's path, else ``encore`` (pymongo imported lazily); a URI
    pymongo refuses is one :class:`StoreError` line without its secrets."""
    from pymongo import MongoClient
    from pymongo.errors import PyMongoError

    from engine.stores.mongo_uri import describe_error, redact_uri

    try:
        client = MongoClient(uri, serverSelectionTimeoutMS=3000, connectTimeoutMS=3000)
        return client.get_default_database(DEFAULT_MONGO_DATABASE)
    except (PyMongoError, ValueError, TypeError) as exc:
        raise StoreError(f"MongoDB at {redact_uri(uri)}: {describe_error(exc, uri)}") from None


@dataclass
class EventsRuntime:
    outbox: Outbox
    recorder: Recorder
    event_log: EventLog
    publisher: PublisherProcess | None = None
    _closers: list[Any] = field(default_factory=list)

    def close(self) -> None:
        if self.publisher is not None:
            self.publisher.stop()
            self.publisher = None
        for closer in self._closers:
            closer()
        self._closers.clear()
        self.outbox.close()


def open_events(config: Config, *, start_publisher: bool = True) -> EventsRuntime:
    """Embedded: the outbox is the event log. With Kafka configured, a publisher ships the
    outbox; with Kafka *and* MongoDB configured, popularity reads what the worker stored
    (events from every device) instead of this machine's outbox."""
    outbox = Outbox(config.events_path, manual_checkpoint=bool(config.kafka_bootstrap))
    recorder = Recorder(outbox, profile=config.profile)
    runtime = EventsRuntime(outbox=outbox, recorder=recorder, event_log=OutboxLog(outbox))
    if config.shares_results:
        database = mongo_database(config.mongo_uri)
        runtime.event_log = MongoEventLog(database)
        runtime._closers.append(database.client.close)
    if config.kafka_bootstrap and start_publisher:
        runtime.publisher = PublisherProcess(outbox, config.kafka_bootstrap).start()
        recorder.wake = runtime.publisher.bell
    return runtime
