"""What counts as listening to a song, and what as skipping it: the rule, written once.

Leaving a song before min(30 s, half its length) is a skip; staying past that point is a
listen. The player records ``skip`` or ``complete`` by it, the desktop's radio steers by it,
and play counts (the library's Plays column, Home, popularity: :func:`counts_as_play`) use
it, so they never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine.events.wire import PlayEvent

LISTEN_SECONDS = 30.0
LISTEN_FRACTION = 0.5


def listen_threshold(duration: float) -> float:
    """Seconds into a song of ``duration`` seconds after which it counts as listened to
    (30 s when the duration is unknown, i.e. not positive)."""
    if duration > 0:
        return min(LISTEN_SECONDS, LISTEN_FRACTION * duration)
    return LISTEN_SECONDS


def is_skip(position: float, duration: float) -> bool:
    """Whether leaving a song at ``position`` seconds is a skip rather than a listen."""
    return position < listen_threshold(duration)


def counts_as_play(event: PlayEvent) -> bool:
    """Whether ``event`` is one play of its song for play counts, Home and popularity.

    The player records exactly one ``complete`` per song heard past :func:`listen_threshold`
    (when it is left, or when it ends), so a play counts once however it ended; a start, a
    pause or a skip never does. A ``complete`` at a known position before the threshold (a
    hand-written history file) is not a play; one that does not say where it stopped
    (position 0) is taken at its word.
    """
    if event.type != "complete":
        return False
    return event.position <= 0 or not is_skip(event.position, event.duration)


def play_counts(events: Iterable[PlayEvent]) -> dict[str, int]:
    """``track_id -> plays`` by :func:`counts_as_play`; a redelivered event counts once."""
    seen: set[str] = set()
    counts: dict[str, int] = {}
    for event in events:
        if counts_as_play(event) and event.event_id not in seen:
            seen.add(event.event_id)
            counts[event.track_id] = counts.get(event.track_id, 0) + 1
    return counts


def start_counts(events: Iterable[PlayEvent]) -> dict[str, int]:
    """``track_id -> starts``: the ``play`` events the player records when a song begins,
    whether or not it is then heard to the end; popularity counts them (+1 each) next to
    the plays, so a list showing a score shows these too. A redelivered event counts once."""
    seen: set[str] = set()
    counts: dict[str, int] = {}
    for event in events:
        if event.type == "play" and event.event_id not in seen:
            seen.add(event.event_id)
            counts[event.track_id] = counts.get(event.track_id, 0) + 1
    return counts
