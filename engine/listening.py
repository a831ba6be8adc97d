"""What counts as listening to a song, and what as skipping it: the rule, written once.

Leaving a song before min(30 s, half its length) is a skip; staying past that point is a
listen. The player records ``skip`` or ``complete`` by it, the desktop's radio steers by it,
and play counts use it, so the three never disagree.
"""

from __future__ import annotations

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
