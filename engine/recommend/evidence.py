"""How much listening a reason needs before it may say "often": one place for each threshold.

A reason is a claim to the listener. "A song you play often" after a single play, or "you
often play these together" after two songs followed each other once, overstate it; below these
thresholds the reason uses a weaker, true wording (see :mod:`engine.recommend.foryou` and
:mod:`engine.recommend.together`).
"""

from __future__ import annotations

from collections.abc import Iterable

from engine.recommend.popularity import DAY

# "Play often": this many plays to the end, on at least this many different (UTC) days — a
# song looped three times in one evening is a mood, not a habit.
OFTEN_COMPLETED = 3
OFTEN_DAYS = 2
# "Often play together": the pair followed each other in at least this many sittings.
TOGETHER_SITTINGS = 2


def plays_often(completed_at: Iterable[float]) -> bool:
    """``True`` when the completed plays (unix seconds) are enough to say "often"."""
    times = list(completed_at)
    days = {int(t // DAY) for t in times}
    return len(times) >= OFTEN_COMPLETED and len(days) >= OFTEN_DAYS


def together_often(sittings: int) -> bool:
    """``True`` when a pair played in ``sittings`` sessions may be called "often together"."""
    return sittings >= TOGETHER_SITTINGS
