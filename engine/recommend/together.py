"""Played together: songs a listener plays in one sitting, in order, as evidence they belong.

A session is a run of plays with no gap longer than :data:`SESSION_GAP` between one event and
the next. Within a session every song is linked to the next :data:`WINDOW` songs played after
it, the nearest most (1, 1/2, 1/3 …), both ways, each link halved every ``half_life_days``
like popularity. How much the signal counts against sound (:func:`blend_weight`) grows with the
evidence behind the query song and is 0 without any, so a new listener gets audio alone.
The reason says "often" only for a pair linked in enough sittings
(:func:`engine.recommend.evidence.together_often`); one sitting is said as it is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from engine.events.wire import PlayEvent
from engine.phrases import Phrase, phrase
from engine.recommend.evidence import together_often
from engine.recommend.popularity import DEFAULT_HALF_LIFE_DAYS, decay_since
from engine.recommend.taste import is_early_skip

SESSION_GAP = 30 * 60.0
WINDOW = 3
# Evidence (sum of link weights) at which "played together" gets half of its maximum say.
HALF_EVIDENCE = 3.0
MAX_BLEND = 0.5
REASON_OFTEN = phrase("played_together")
REASON_ONCE = phrase("played_together_once")
_STARTS = frozenset({"play", "complete"})


@dataclass
class Together:
    """Decayed co-play weights between songs, built incrementally from events in time order."""

    ref: float
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS
    links: dict[str, dict[str, float]] = field(default_factory=lambda: defaultdict(dict))
    _recent: list[str] = field(default_factory=list)
    _last_time: float | None = None
    _pending: tuple[str, float] | None = None
    _seen: set[str] = field(default_factory=set)
    # In how many sittings each pair (ids in order) was linked; the pairs of the current one.
    sittings: dict[tuple[str, str], int] = field(default_factory=dict)
    _this_sitting: set[tuple[str, str]] = field(default_factory=set)

    @classmethod
    def build(cls, events: Iterable[PlayEvent], *, now: float) -> Together:
        together = cls(now)
        for event in sorted(events, key=lambda e: e.timestamp):
            together.add(event)
        together._commit()  # the last song of the history was not skipped at once
        return together

    def add(self, event: PlayEvent) -> None:
        """Fold one event in (events must come in time order; duplicates are ignored).

        A started song is linked when the next one starts, so one skipped at once never is.
        """
        if event.event_id in self._seen:
            return
        self._seen.add(event.event_id)
        if self._last_time is not None and event.timestamp - self._last_time > SESSION_GAP:
            self._commit()
            self._recent.clear()
            self._this_sitting.clear()
        self._last_time = event.timestamp
        if is_early_skip(event) and self._pending and self._pending[0] == event.track_id:
            self._pending = None
            return
        if event.type not in _STARTS:
            return
        if self._pending and self._pending[0] == event.track_id:
            return  # the "complete" of the song just started
        self._commit()
        if not (self._recent and self._recent[-1] == event.track_id):
            self._pending = (event.track_id, event.timestamp)

    def _commit(self) -> None:
        if self._pending is None:
            return
        track_id, at = self._pending
        self._pending = None
        decay = decay_since(self.ref, at, self.half_life_days)
        for distance, earlier in enumerate(reversed(self._recent), start=1):
            if earlier != track_id:
                self._link(earlier, track_id, decay / distance)
        self._recent = [*self._recent, track_id][-WINDOW:]

    def _link(self, a: str, b: str, weight: float) -> None:
        self.links[a][b] = self.links[a].get(b, 0.0) + weight
        self.links[b][a] = self.links[b].get(a, 0.0) + weight
        pair = (a, b) if a < b else (b, a)
        if pair not in self._this_sitting:
            self._this_sitting.add(pair)
            self.sittings[pair] = self.sittings.get(pair, 0) + 1

    def partners(self, track_id: str) -> Mapping[str, float]:
        return self.links.get(track_id, {})

    def evidence(self, track_id: str) -> float:
        return sum(self.partners(track_id).values())

    def reason(self, a: str, b: str) -> Phrase:
        """Why ``b`` is offered after ``a`` as a partner: "often" only with the evidence."""
        pair = (a, b) if a < b else (b, a)
        return REASON_OFTEN if together_often(self.sittings.get(pair, 0)) else REASON_ONCE


def blend_weight(evidence: float) -> float:
    """Share of the final score that comes from "played together": 0 with no evidence, rising
    towards :data:`MAX_BLEND` as it grows."""
    return MAX_BLEND * evidence / (evidence + HALF_EVIDENCE) if evidence > 0 else 0.0


def blend(
    audio: Mapping[str, float], partners: Mapping[str, float], evidence: float
) -> dict[str, float]:
    """``track_id -> score``: audio similarity blended with the share of co-play evidence.

    A partner outside ``audio`` (the best candidates by sound) is given the last candidate's
    audio score, the most it can have, so a song the listener always plays next can be offered
    even when it sounds different, once the evidence is strong enough.
    """
    alpha = blend_weight(evidence)
    if alpha == 0.0:
        return dict(audio)
    top = max(partners.values())
    floor = min(audio.values(), default=0.0)
    scores = {tid: (1 - alpha) * s for tid, s in audio.items()}
    for tid, w in partners.items():
        base = scores.get(tid, (1 - alpha) * floor)
        scores[tid] = base + alpha * w / top
    return scores
