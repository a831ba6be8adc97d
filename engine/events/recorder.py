"""What the app calls to record something: one durable outbox row, never the network."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import replace
from typing import Protocol

from engine.events.kafka import PLAY_EVENTS
from engine.events.outbox import Message, Outbox
from engine.events.wire import PlayEvent, encode


def play_event_message(event: PlayEvent, *, dedup: bool = False) -> Message:
    return Message(
        topic=PLAY_EVENTS,
        key=event.device_id,
        payload=encode(event),
        kind=event.type,
        event_time=event.timestamp,
        dedup_key=event.event_id if dedup else None,
        who=event.who,
    )


class Bell(Protocol):
    def set(self) -> None: ...


class Recorder:
    """Appends to the outbox and nudges the publisher (if one runs) to ship soon.

    ``record`` is safe from any thread (the player's audio callback thread included) and
    returns once the event is on disk.
    """

    def __init__(
        self, outbox: Outbox, wake: Bell | None = None, *, profile: str | None = None
    ) -> None:
        self.outbox = outbox
        # Every event recorded here is stamped with the configured profile (the listener), so
        # no producer (player, history import, likes) has to know about it.
        self.profile = profile
        # Rung after every append: the publisher process's pipe in server mode
        # (engine.events.publisher_process.WakeBell), else an Event nobody waits on.
        self.wake: Bell = wake if wake is not None else threading.Event()

    def stamped(self, event: PlayEvent) -> PlayEvent:
        """``event`` as :meth:`record` writes it (with the profile as its listener)."""
        if self.profile and not event.listener:
            return replace(event, listener=self.profile)
        return event

    def record(self, event: PlayEvent) -> None:
        self.outbox.append(play_event_message(self.stamped(event)))
        self.wake.set()

    __call__ = record  # a Recorder is a valid ``record: Callable[[PlayEvent], None]``

    def record_many(self, events: Iterable[PlayEvent], *, dedup: bool = False) -> int:
        """One transaction for a batch; returns how many were recorded. With ``dedup`` (history
        import) an event whose id was imported before is skipped."""
        n = self.outbox.append_many(
            play_event_message(self.stamped(e), dedup=dedup) for e in events
        )
        self.wake.set()
        return n

    def record_message(self, message: Message) -> None:
        """Any other outgoing message (track features, result notices)."""
        self.outbox.append(message)
        self.wake.set()

    def record_messages(self, messages: Iterable[Message]) -> int:
        n = self.outbox.append_many(messages)
        self.wake.set()
        return n
