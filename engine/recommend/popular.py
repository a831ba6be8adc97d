"""The Home view's "popular" list and the Mixes view, from popularity and the active run.

Both read popularity scores computed by :mod:`engine.recommend.popularity`; with no listening
history, ``popular`` is empty (the caller says so) and mixes fall back to the songs the training
run put first (those nearest the cluster centre). Each list offers a song once
(:mod:`engine.library.same_song`): the better-ranked copy stays, the next songs fill its place.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from engine.events.wire import PlayEvent
from engine.library.same_song import DistinctSongs
from engine.models import Track
from engine.phrases import Phrase
from engine.recommend.popularity import DAY, DEFAULT_HALF_LIFE_DAYS, popularity_scores, ranked
from engine.stores.protocol import Store


@dataclass(frozen=True, slots=True)
class PopularTrack:
    track: Track
    score: float


@dataclass(frozen=True, slots=True)
class Mix:
    """One k-means cluster as the listener sees it: a name and its first songs."""

    cluster_id: int
    name: Phrase
    size: int
    tracks: tuple[Track, ...]


class EventSource(Protocol):
    def iter_events(
        self, since: float | None = None, *, listener: str | None = None
    ) -> Iterator[PlayEvent]: ...


# Events older than this many half-lives weigh under 1/4000 of a fresh one: not worth reading.
HORIZON_HALF_LIVES = 12


def horizon_events(
    event_log: EventSource | None,
    *,
    now: float,
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
) -> list[PlayEvent]:
    """The events popularity reads: those of the last ``HORIZON_HALF_LIVES`` half-lives."""
    if event_log is None:
        return []
    return list(event_log.iter_events(since=now - HORIZON_HALF_LIVES * half_life_days * DAY))


def load_popularity(
    event_log: EventSource | None,
    *,
    now: float,
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
) -> dict[str, float]:
    """Popularity per track from an event log; ``{}`` when there is no log or no history."""
    events = horizon_events(event_log, now=now, half_life_days=half_life_days)
    return popularity_scores(events, now=now, half_life_days=half_life_days)


def _offerable(store: Store, ids: Sequence[str]) -> list[Track]:
    """The tracks of ``ids`` in order whose files are present, one copy of each song."""
    tracks = store.get_tracks(list(ids))
    songs = DistinctSongs()
    present = (tracks[tid] for tid in ids if tid in tracks and tracks[tid].status == "ok")
    return [track for track in present if songs.admit(track)]


def popular_tracks(
    store: Store,
    scores: Mapping[str, float],
    *,
    limit: int = 20,
    cluster_id: int | None = None,
) -> list[PopularTrack]:
    """Most popular present tracks, overall or within one cluster of the active run.

    Tracks whose files vanished stay in the history but are not offered for playing.
    """
    if cluster_id is not None:
        members = set(store.cluster_members(cluster_id))
        scores = {tid: s for tid, s in scores.items() if tid in members}
    # Over-fetch a little so missing files and copies of a song do not shorten the list.
    best = ranked(scores, limit=limit * 2 + 10)
    found = _offerable(store, [tid for tid, _ in best])
    if len(found) < limit and len(best) < len(scores):
        # Many top songs were missing or copies: fall back to the full ranking.
        best = ranked(scores)
        found = _offerable(store, [tid for tid, _ in best])
    score = dict(best)
    return [PopularTrack(track, score[track.track_id]) for track in found[:limit]]


def mixes(store: Store, scores: Mapping[str, float], *, per_mix: int = 5) -> list[Mix]:
    """Every cluster of the active run with its first ``per_mix`` songs.

    A mix opens with its members' most popular songs ("clusters within clusters"), then the
    songs the training run listed first. Empty when nothing has been trained.
    """
    result: list[Mix] = []
    for summary in store.clusters():
        ordered: list[str] = []
        if scores:
            members = store.cluster_members(summary.cluster_id)
            ordered = [tid for tid, _ in ranked({m: scores[m] for m in members if m in scores})]
        for tid in summary.top_track_ids:
            if tid not in ordered:
                ordered.append(tid)
        first = _offerable(store, ordered[: per_mix * 2 + 5])
        if len(first) < per_mix and len(ordered) > per_mix * 2 + 5:
            first = _offerable(store, ordered)  # many missing files or copies: read on
        result.append(Mix(summary.cluster_id, summary.name, summary.size, tuple(first[:per_mix])))
    return result
