"""The one place that wires the engine for a mode: embedded default or server mode.

``desktop``, ``backend`` and the CLI all call :func:`build_context`; nothing else decides which
store, event bus or compute engine is in use.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from engine.config import Config, load_config
from engine.events.log import EventLog
from engine.events.recorder import Recorder
from engine.events.runtime import EventsRuntime, open_events
from engine.stores import Store, open_store


@dataclass
class Context:
    config: Config
    store: Store
    # Play events: ``recorder.record(event)`` appends to the durable outbox (and, in server
    # mode, a publisher child process ships it to Kafka); ``event_log.iter_events()`` is what
    # popularity reads.
    events: EventsRuntime | None = field(default=None, repr=False)
    # The desktop's worker threads may ask for events at the same moment (Home and Mixes both
    # read popularity): the outbox must be opened, and its schema created, exactly once.
    _events_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def recorder(self) -> Recorder:
        return self._events().recorder

    @property
    def event_log(self) -> EventLog:
        return self._events().event_log

    def _events(self) -> EventsRuntime:
        # Opened on first use so commands that never touch events cost nothing.
        with self._events_lock:
            if self.events is None:
                self.events = open_events(self.config)
            return self.events

    def close(self) -> None:
        with self._events_lock:
            if self.events is not None:
                self.events.close()
                self.events = None
        self.store.close()

    def __enter__(self) -> Context:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def build_context(config: Config | None = None) -> Context:
    config = config or load_config()
    config.ensure_dirs()
    ctx = Context(config=config, store=open_store(config))
    if config.kafka_bootstrap:
        # Server mode: start the publisher now so rows left pending by an earlier run ship
        # even if this session records nothing.
        ctx.events = open_events(config)
    return ctx
