"""The Home view's "popular" list and the Mixes view, from popularity and the active run.

Both read popularity scores computed by :mod:`engine.recommend.popularity`; with no listening
history, ``popular`` is empty (the caller says so) and mixes fall back to the songs the training
run put first (those nearest the cluster centre). A song is *popular* only once it has been
played :data:`MIN_POPULAR_PLAYS` times within the horizon (:func:`is_popular`): the score alone
listed a song as "popular" after one start. Each list offers a song once
(:mod:`engine.library.same_song`): the better-ranked copy stays, the next songs fill its place.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from engine.events.wire import PlayEvent
from engine.library.same_song import DistinctSongs
from engine.listening import play_counts
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
# Plays (engine.listening.counts_as_play) within the horizon that make a song popular: one
# play, let alone a start, is a song heard, not a favourite. Twice is the least that says
# "played again"; more would keep Home's list empty for a listener's first days.
MIN_POPULAR_PLAYS = 2


def is_popular(plays: int) -> bool:
    """Whether a song with ``plays`` plays within the horizon belongs on a popular list (Home's,
    ``encore popular``'s); its place on the list is its score's."""
    return plays >= MIN_POPULAR_PLAYS


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
    plays: Mapping[str, int],
    limit: int = 20,
    cluster_id: int | None = None,
) -> list[PopularTrack]:
    """Most popular present tracks, overall or within one cluster of the active run: those
    :func:`is_popular` by their ``plays`` within the horizon, ranked by their ``scores``.

    Tracks whose files vanished stay in the history but are not offered for playing.
    """
    scores = {tid: s for tid, s in scores.items() if is_popular(plays.get(tid, 0))}
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


def popular_songs(
    store: Store,
    events: Sequence[PlayEvent],
    *,
    now: float,
    limit: int = 20,
    cluster_id: int | None = None,
) -> list[PopularTrack]:
    """:func:`popular_tracks` from the :func:`horizon_events` read: the scores and the plays
    that admit a song come from the same events (Home and ``encore popular``)."""
    scores = popularity_scores(events, now=now)
    return popular_tracks(
        store, scores, plays=play_counts(events), limit=limit, cluster_id=cluster_id
    )


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
