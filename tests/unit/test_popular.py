"""Popular songs and mixes: real history only, a song popular once played twice, missing files
skipped, mixes ordered."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from bench.inprocess_training import train_in_process
from bench.synthetic_library import SyntheticLibrary, fill_store, make_library
from engine.events.wire import PlayEvent
from engine.recommend.popular import (
    MIN_POPULAR_PLAYS,
    horizon_events,
    load_popularity,
    mixes,
    popular_songs,
    popular_tracks,
)
from engine.recommend.popularity import DAY
from engine.stores.sqlite import SQLiteStore

NOW = 1_800_000_000.0


class ListLog:
    """An event log over a list, honouring ``since`` like the real logs do."""

    def __init__(self, events: list[PlayEvent]) -> None:
        self.events = events
        self.since: list[float | None] = []

    def iter_events(
        self, since: float | None = None, *, listener: str | None = None
    ) -> Iterator[PlayEvent]:
        self.since.append(since)
        return iter(
            [
                e
                for e in self.events
                if (since is None or e.timestamp >= since) and listener in (None, e.who)
            ]
        )


def play(track_id: str, kind: str = "complete", age_days: float = 1.0) -> PlayEvent:
    return PlayEvent(track_id, kind, "dev", timestamp=NOW - age_days * DAY)


@pytest.fixture
def library(rng: np.random.Generator) -> SyntheticLibrary:
    return make_library(120, n_blobs=3, rng=rng)


@pytest.fixture
def store(tmp_path: Path, library: SyntheticLibrary) -> Iterator[SQLiteStore]:
    s = SQLiteStore(tmp_path / "library.sqlite3")
    fill_store(s, library)
    s.save_run(train_in_process(library.ids, library.matrix, library.names, k=3))
    yield s
    s.close()


def test_no_log_or_no_history_means_nothing_popular(store: SQLiteStore) -> None:
    assert load_popularity(None, now=NOW) == {}
    assert load_popularity(ListLog([]), now=NOW) == {}
    assert popular_tracks(store, {}, plays={}) == []


def test_old_events_are_not_read(store: SQLiteStore) -> None:
    log = ListLog([play("t0000001", age_days=3000), play("t0000002")])
    scores = load_popularity(log, now=NOW, half_life_days=30)
    assert set(scores) == {"t0000002"}
    assert log.since == [NOW - 12 * 30 * DAY]


def test_popular_orders_by_decayed_score_and_skips_missing(
    store: SQLiteStore, library: SyntheticLibrary
) -> None:
    a, b, c, d = library.ids[:4]
    events = [play(a), play(a), play(b), play(b), play(b), play(c, age_days=200)]
    events += [play(c, age_days=201)]
    events += [play(d, "play"), play(d, "skip")]  # started and skipped at once: not popular
    events = horizon_events(ListLog(events), now=NOW)
    assert [p.track.track_id for p in popular_songs(store, events, now=NOW)] == [b, a, c]
    store.mark_missing([b])
    assert [p.track.track_id for p in popular_songs(store, events, now=NOW, limit=1)] == [a]


@pytest.mark.parametrize(
    ("kinds", "popular"),
    [
        (["play"], False),  # a start: Home listed it as "popular"
        (["play", "complete"], False),  # one play
        (["complete", "like"], False),  # one play, liked: a like, not a most-played song
        (["play", "complete", "play", "complete"], True),  # played again
        (["complete", "complete", "dislike", "dislike"], False),  # played, then refused
        (["complete"] * 5, True),
    ],
)
def test_a_song_is_popular_once_played_twice(
    store: SQLiteStore, library: SyntheticLibrary, kinds: list[str], popular: bool
) -> None:
    assert MIN_POPULAR_PLAYS == 2
    song = library.ids[0]
    events = [play(song, kind, age_days=1.0 + i / 100) for i, kind in enumerate(kinds)]
    found = [p.track.track_id for p in popular_songs(store, events, now=NOW)]
    assert found == ([song] if popular else [])


def test_popular_within_one_mix(store: SQLiteStore, library: SyntheticLibrary) -> None:
    cluster = store.cluster_of(library.ids[0])
    assert cluster is not None
    outsider = next(t for t in library.ids if store.cluster_of(t) != cluster)
    scores = {library.ids[0]: 1.0, outsider: 5.0}
    plays = dict.fromkeys(scores, MIN_POPULAR_PLAYS)
    found = popular_tracks(store, scores, plays=plays, cluster_id=cluster)
    assert [p.track.track_id for p in found] == [library.ids[0]]


def test_mixes_open_with_their_popular_songs(store: SQLiteStore, library: SyntheticLibrary) -> None:
    plain = mixes(store, {}, per_mix=4)
    assert len(plain) == 3
    assert sum(m.size for m in plain) == len(library.ids)
    for m in plain:
        assert len(m.tracks) == 4
        assert m.name
        summary = next(c for c in store.clusters() if c.cluster_id == m.cluster_id)
        assert [t.track_id for t in m.tracks] == list(summary.top_track_ids[:4])
    mix = plain[0]
    favourite = store.cluster_members(mix.cluster_id)[-1]
    again = mixes(store, {favourite: 3.0}, per_mix=4)
    first = next(m for m in again if m.cluster_id == mix.cluster_id)
    assert first.tracks[0].track_id == favourite
    assert len(first.tracks) == 4


def test_no_run_means_no_mixes(tmp_path: Path) -> None:
    s = SQLiteStore(tmp_path / "empty.sqlite3")
    assert mixes(s, {"x": 1.0}) == []
    s.close()
