"""Liked songs: what the listener's like/unlike events say, read from the event log.

A track is liked when its latest like-or-unlike event is a ``like`` (by event time; events
recorded at the same second keep the log's order), so liking on one device and unliking on
another ends where the listener last left it. In server mode the server's log is joined with
this device's own outbox (:func:`joined`), so a like shows before the worker has stored it.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain

from engine.events.wire import PlayEvent
from engine.models import Track
from engine.stores.protocol import Store

LIKE, UNLIKE = "like", "unlike"


class LikeState:
    """Which tracks are liked, folded in one event at a time (For you's taste does so too)."""

    def __init__(self) -> None:
        self._last: dict[str, tuple[float, int, str]] = {}
        self._order = 0

    def add(self, event: PlayEvent) -> None:
        if event.type not in (LIKE, UNLIKE):
            return
        self._order += 1
        key = (event.timestamp, self._order, event.type)
        last = self._last.get(event.track_id)
        if last is None or key[:2] >= last[:2]:
            self._last[event.track_id] = key

    def copy(self) -> LikeState:
        """The state as it is now; folding further events into either leaves the other."""
        state = LikeState()
        state._last, state._order = dict(self._last), self._order
        return state

    def is_liked(self, track_id: str) -> bool:
        last = self._last.get(track_id)
        return last is not None and last[2] == LIKE

    def newest_first(self) -> list[str]:
        """Ids of the liked tracks, the most recently liked first."""
        liked = [(t, o, tid) for tid, (t, o, kind) in self._last.items() if kind == LIKE]
        return [tid for _, _, tid in sorted(liked, reverse=True)]


def liked_track_ids(events: Iterable[PlayEvent]) -> list[str]:
    """Ids of the liked tracks, the most recently liked first."""
    state = LikeState()
    for event in events:
        state.add(event)
    return state.newest_first()


def liked_songs(store: Store, events: Iterable[PlayEvent]) -> list[Track]:
    """The liked tracks the library knows (a vanished file is listed as missing), newest
    like first: the "Liked songs" list."""
    ids = liked_track_ids(events)
    tracks = store.get_tracks(ids)
    return [tracks[t] for t in ids if t in tracks]


def joined(*logs: Iterable[PlayEvent]) -> list[PlayEvent]:
    """The like/unlike events of several logs, each event once (by ``event_id``), in time
    order (stable: within one second, the order the logs gave)."""
    seen: dict[str, PlayEvent] = {}
    for event in chain(*logs):
        if event.type in (LIKE, UNLIKE):
            seen.setdefault(event.event_id, event)
    return sorted(seen.values(), key=lambda e: e.timestamp)
