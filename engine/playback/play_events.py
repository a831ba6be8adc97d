"""Play events from the player: what was started, paused, sought, skipped or listened to.

Whether leaving a song is a skip or a listen is :mod:`engine.listening`'s rule. Events are
handed to the recorder (the durable outbox) after the player's lock is released; a recorder
that fails reports an error to the listeners and the music goes on.
"""

from __future__ import annotations

from collections.abc import Callable

from engine.events.wire import EventType, PlayEvent
from engine.listening import is_skip
from engine.models import Track
from engine.playback.notifier import Notifier


class PlayEventRecorder:
    def __init__(
        self,
        record: Callable[[PlayEvent], None] | None,
        device_id: str,
        notifier: Notifier,
    ) -> None:
        self._record = record
        self.device_id = device_id
        self._notifier = notifier

    def emit(
        self, track: Track | None, kind: EventType, *, position: float, duration: float
    ) -> None:
        record = self._record
        if track is None or record is None:
            return
        event = PlayEvent(
            track_id=track.track_id,
            type=kind,
            device_id=self.device_id,
            position=max(0.0, float(position)),
            duration=max(0.0, float(duration)),
        )
        notifier = self._notifier

        def send() -> None:
            try:
                record(event)
            except Exception as exc:  # losing one event must not stop the music
                notifier.dispatch("error", {"message": f"cannot record play event: {exc}"})

        notifier.later(send)

    def left(self, track: Track | None, *, position: float, duration: float, user: bool) -> None:
        """``track`` stops playing at ``position``: a skip if the user left it early, else a
        listen that counts (``complete``)."""
        kind: EventType = "skip" if user and is_skip(position, duration) else "complete"
        self.emit(track, kind, position=position, duration=duration)
