"""One song For you offers, with its score, its reason and the source that proposed it."""

from __future__ import annotations

from dataclasses import dataclass

from engine.phrases import Phrase


@dataclass(frozen=True, slots=True)
class Suggestion:
    track_id: str
    score: float  # 0..1, the recommender's similarity scale
    reason: Phrase
    centre: int  # index of the taste centre it came from (-1: another source)
