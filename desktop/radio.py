"""Radio: keep the queue fed with recommendations, never repeating, steered by skips.

Qt-free so it can be tested directly. The recommender (``recommend(track_id, k)``) does all the
similarity work; the radio only decides *which* songs to ask about and which answers to drop:

- every song queued or played is remembered and never offered again, nor another copy of it
  (the engine's rule for the same song, :mod:`engine.library.same_song`);
- songs that played through become "anchors": the next picks are recommendations for the most
  recent anchors, so the station drifts with what the listener keeps;
- a skipped song stops being an anchor, and its own nearest neighbours are avoided from then on,
  so one skip steers the station away from that corner of the library.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from engine.library.same_song import DistinctSongs
from engine.models import Recommendation, Track

RecommendFn = Callable[[str, int], Sequence[Recommendation]]


class Radio:
    def __init__(
        self,
        seed: Track,
        recommend: RecommendFn,
        *,
        fan_out: int = 12,
        queued: Sequence[Track] = (),
    ) -> None:
        self.seed = seed
        self._recommend = recommend
        self._fan_out = fan_out
        self._seen: set[str] = {seed.track_id}
        self._songs = DistinctSongs([seed])  # the songs offered so far, as songs
        self._anchors: list[str] = [seed.track_id]
        self._avoid: set[str] = set()
        self.skipped: list[str] = []
        # A radio resumed after a restart: what it had queued is never offered again either.
        for track in queued:
            self._seen.add(track.track_id)
            self._songs.add(track)

    @property
    def seen(self) -> frozenset[str]:
        return frozenset(self._seen)

    @property
    def avoided(self) -> frozenset[str]:
        return frozenset(self._avoid)

    def mark_played(self, track_id: str) -> None:
        """A song played to the end (or long enough): steer towards it."""
        self._seen.add(track_id)
        if track_id not in self.skipped and track_id not in self._anchors:
            self._anchors.append(track_id)

    def mark_skipped(self, track_id: str) -> None:
        """A song was skipped early: forget it as an anchor and avoid its neighbourhood."""
        self._seen.add(track_id)
        self.skipped.append(track_id)
        if track_id in self._anchors and len(self._anchors) > 1:
            self._anchors.remove(track_id)
        for rec in self._recommend(track_id, self._fan_out):
            self._avoid.add(rec.track.track_id)

    def next_tracks(self, count: int = 5) -> list[Track]:
        """Up to ``count`` new songs; each is remembered so it is never offered twice."""
        tracks: dict[str, Track] = {}
        fan_out = self._fan_out
        # Everything near the anchors may be used up or avoided: look further out, a few times.
        for _widening in range(4):
            scores: dict[str, float] = {}
            # Recent anchors weigh more: the station follows the latest songs the listener kept.
            for weight, anchor in enumerate(self._anchors[-3:], start=1):
                for rec in self._recommend(anchor, fan_out):
                    tid = rec.track.track_id
                    if tid in self._seen or tid in self._avoid or self._songs.holds(rec.track):
                        continue
                    scores[tid] = scores.get(tid, 0.0) + weight * float(rec.score)
                    tracks[tid] = rec.track
            if len(scores) >= count:
                break
            fan_out *= 2
        ranked = sorted(scores, key=scores.__getitem__, reverse=True)
        # Two copies of one song may both be near the anchors: the better one is taken.
        picked: list[str] = []
        for tid in ranked:
            if len(picked) < count and self._songs.admit(tracks[tid]):
                picked.append(tid)
        self._seen.update(picked)
        return [tracks[tid] for tid in picked]
