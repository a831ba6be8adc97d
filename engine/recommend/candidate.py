"""One recommendation candidate before the library's tracks are read: what every path of the
recommender (stored, on the fly, first pass) hands to the shaping step."""

from __future__ import annotations

from dataclasses import dataclass

from engine.phrases import Phrase


@dataclass(frozen=True, slots=True)
class Candidate:
    track_id: str
    score: float
    reason: Phrase
