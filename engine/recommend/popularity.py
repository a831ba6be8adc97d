"""Popularity from listening history: what was played, finished, skipped and liked, recently.

Each event contributes a signed weight that halves every ``half_life_days``, so a song played a
lot last year slowly gives way to this month's favourites. Without events there is no score at
all: callers show "no listening history yet" rather than a made-up chart.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from engine.errors import ParameterError
from engine.events.wire import PlayEvent
from engine.listening import counts_as_play

DAY = 86400.0
DEFAULT_HALF_LIFE_DAYS = 30.0

# A started play is weak evidence, a finished one strong, a like stronger; a skip counts
# against the song. Skips late in the song (the listener heard most of it) cost less. An unlike
# takes back what its like gave; "not interested" (dislike) weighs like a like, the other way.
EVENT_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {"play": 1.0, "complete": 2.0, "like": 4.0, "unlike": -4.0, "dislike": -4.0, "skip": -1.0}
)
LATE_SKIP_FRACTION = 0.8
LATE_SKIP_WEIGHT = -0.25


def decay_since(ref: float, timestamp: float, half_life_days: float) -> float:
    """How much an event at ``timestamp`` counts relative to one at ``ref`` (halved every
    ``half_life_days``); the age is clamped so a clock far off cannot overflow the exponent.
    For models kept relative to a fixed reference time (taste, played together)."""
    age = (ref - timestamp) / (half_life_days * DAY)
    return 0.5 ** min(max(age, -8.0), 60.0)


def event_weight(event: PlayEvent) -> float:
    """The undecayed contribution of one event (0 for pause/resume/seek, and for a
    ``complete`` that is not a play by :func:`engine.listening.counts_as_play`)."""
    if event.type == "complete" and not counts_as_play(event):
        return 0.0
    weight = EVENT_WEIGHTS.get(event.type, 0.0)
    late = event.duration > 0 and event.position / event.duration >= LATE_SKIP_FRACTION
    if event.type == "skip" and late:
        return LATE_SKIP_WEIGHT
    return weight


def popularity_scores(
    events: Iterable[PlayEvent],
    *,
    now: float,
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
) -> dict[str, float]:
    """Decayed popularity per track.

    Parameters
    ----------
    events : iterable of PlayEvent
        In any order; an ``event_id`` seen twice (a redelivered event) counts once.
    now : float
        Unix seconds the ages are measured from. Events stamped after ``now`` (clock skew
        between devices) count as brand new, never more.
    half_life_days : float
        Age at which an event counts half.

    Returns
    -------
    dict
        ``track_id -> score`` for every track with at least one weighted event; scores may be
        negative (mostly skipped). Empty when there are no such events.
    """
    if not half_life_days > 0:
        raise ParameterError(f"half_life_days must be positive, not {half_life_days!r}")
    half_life = half_life_days * DAY
    seen: set[str] = set()
    scores: dict[str, float] = {}
    for event in events:
        weight = event_weight(event)
        if weight == 0.0 or event.event_id in seen:
            continue
        seen.add(event.event_id)
        age = max(now - event.timestamp, 0.0)
        scores[event.track_id] = scores.get(event.track_id, 0.0) + weight * 0.5 ** (age / half_life)
    return scores


def ranked(scores: Mapping[str, float], *, limit: int | None = None) -> list[tuple[str, float]]:
    """Tracks with a positive score, most popular first (ties broken by id, for stability)."""
    items = sorted(
        ((tid, s) for tid, s in scores.items() if s > 0), key=lambda item: (-item[1], item[0])
    )
    return items if limit is None else items[:limit]
