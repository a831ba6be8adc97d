"""The first pass: recommendations from analysed vectors alone, on the training job's scale."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pytest

from bench.inprocess_training import train_in_process
from bench.synthetic_library import SyntheticLibrary, fill_store, make_library
from engine.models import Neighbour
from engine.recommend.first_pass import FirstPass
from engine.recommend.recommender import Recommender
from engine.recommend.space import scaler_from_library
from engine.stores.sqlite import SQLiteStore


@pytest.fixture
def library(rng: np.random.Generator) -> SyntheticLibrary:
    return make_library(200, n_blobs=4, album_size=10, albums_per_artist=2, rng=rng)


@pytest.fixture
def store(tmp_path: Path, library: SyntheticLibrary) -> Iterator[SQLiteStore]:
    s = SQLiteStore(tmp_path / "library.sqlite3")
    fill_store(s, library, only=range(150))
    s.upsert_tracks(library.tracks[150:])  # imported, not analysed yet
    yield s
    s.close()


def blob(library: SyntheticLibrary, track_id: str) -> int:
    return int(library.blobs[library.ids.index(track_id)])


def test_recommends_without_any_training_run(store: SQLiteStore, library: SyntheticLibrary) -> None:
    assert store.active_run() is None
    # No diversity cap here: a blob holds few artists at this size, the cap would reach across.
    rec = Recommender(store, same_source_cap=None)
    for query in library.ids[:150:29]:
        results = rec.recommend(query, k=5)
        assert len(results) == 5
        assert query not in {r.track.track_id for r in results}
        assert {blob(library, r.track.track_id) for r in results} == {blob(library, query)}
        assert all(0.0 < r.score <= 1.0 and r.reason for r in results)
        assert [r.score for r in results] == sorted((r.score for r in results), reverse=True)


def test_scores_and_reasons_match_the_training_job(
    store: SQLiteStore, library: SyntheticLibrary
) -> None:
    # Same library, same scaler (sample std), same group weights, same score and reason rules:
    # a pair the training run stored scores the same in the first pass.
    ids = library.ids[:150]
    run = train_in_process(ids, library.matrix[:150], library.names, k=4)
    first = FirstPass(store)
    for query in ids[::37]:
        exact = {n.track_id: n for n in first.neighbours(query, len(ids))}
        stored = run.neighbours[query]
        assert stored
        for n in stored:
            assert exact[n.track_id].score == pytest.approx(n.score, abs=1e-5)
            assert exact[n.track_id].reason == n.reason
        # Exact search: the run's list reaches no nearer than the first pass's own list of
        # the same length (both hold the Euclidean nearest, in hub order).
        best = first.neighbours(query, len(stored))
        assert far(library, query, best) <= far(library, query, stored) + 1e-9


def far(library: SyntheticLibrary, query: str, found: Sequence[Neighbour]) -> float:
    """Squared distance (group-weighted z-scores of the first 150) to the farthest of ``found``."""
    x = library.matrix[:150].astype(np.float64)
    mean, std = scaler_from_library(x, tuple(library.names))
    z = (x - mean) / std
    row = {t: i for i, t in enumerate(library.ids[:150])}
    return max(float(((z[row[n.track_id]] - z[row[query]]) ** 2).sum()) for n in found)


def test_a_song_analysed_a_moment_ago_is_found_at_once(
    store: SQLiteStore, library: SyntheticLibrary
) -> None:
    rec = Recommender(store, same_source_cap=None)
    late = library.ids[160]
    assert rec.recommend(library.ids[0], k=3)
    fill_store(store, library, only=[160])
    results = rec.recommend(late, k=5)  # no reset: the count changed, the pass rebuilt
    assert {blob(library, r.track.track_id) for r in results} == {blob(library, late)}
    neighbours = {n.track_id for n in FirstPass(store).neighbours(library.ids[0], 150)}
    assert late in neighbours


def test_a_training_run_wins_for_its_tracks(store: SQLiteStore, library: SyntheticLibrary) -> None:
    store.save_run(train_in_process(library.ids[:150], library.matrix[:150], library.names, k=4))
    rec = Recommender(store, same_source_cap=None)
    query = library.ids[7]
    stored = [n.track_id for n in store.neighbours(query, 5)]
    assert [r.track.track_id for r in rec.recommend(query, k=5)] == stored
