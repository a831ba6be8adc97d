"""The recommender on a synthetic analysed library with a run trained in process."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from bench.inprocess_training import train_in_process
from bench.synthetic_library import SyntheticLibrary, fill_store, make_library
from engine.errors import StoreError
from engine.feature_version import FEATURE_VERSION
from engine.models import Neighbour, Recommendation, Track
from engine.recommend.band_scan import BandScan
from engine.recommend.recommender import (
    Recommender,
    RecommendError,
    diversify,
)
from engine.recommend.shingles import ShingleParams, Shingler
from engine.stores.sqlite import SQLiteStore

N_TRAINED = 360  # rows 360.. are analysed after the run ("new" tracks)


@pytest.fixture
def library(rng: np.random.Generator) -> SyntheticLibrary:
    return make_library(400, n_blobs=4, album_size=10, albums_per_artist=2, rng=rng)


@pytest.fixture
def store(tmp_path: Path, library: SyntheticLibrary) -> Iterator[SQLiteStore]:
    s = SQLiteStore(tmp_path / "library.sqlite3")
    fill_store(s, library)
    rows = list(range(N_TRAINED))
    s.save_run(
        train_in_process([library.ids[i] for i in rows], library.matrix[rows], library.names, k=4)
    )
    yield s
    s.close()


def blob(library: SyntheticLibrary, track_id: str) -> int:
    return int(library.blobs[library.ids.index(track_id)])


def test_precomputed_results_sound_alike(store: SQLiteStore, library: SyntheticLibrary) -> None:
    rec = Recommender(store)
    for query in library.ids[:N_TRAINED:37]:
        results = rec.recommend(query, k=5)
        assert len(results) == 5
        assert query not in {r.track.track_id for r in results}
        assert {blob(library, r.track.track_id) for r in results} == {blob(library, query)}
        assert all(0.0 <= r.score <= 1.0 and r.reason for r in results)
        scores = [r.score for r in results]
        assert scores == sorted(scores, reverse=True)


def test_new_track_is_recommended_on_the_fly(store: SQLiteStore, library: SyntheticLibrary) -> None:
    rec = Recommender(store)
    for query in library.ids[N_TRAINED::7]:
        assert store.cluster_of(query) is None
        results = rec.recommend(query, k=5)
        assert len(results) == 5
        assert {blob(library, r.track.track_id) for r in results} == {blob(library, query)}
        assert all(0.0 < r.score <= 1.0 and r.reason for r in results)


def test_on_the_fly_agrees_with_exact_nearest(
    store: SQLiteStore, library: SyntheticLibrary
) -> None:
    """Without the diversity rule, the on-the-fly list is the nearest members of the cluster
    (LSH candidates ranked by distance, filled by distance)."""
    rec = Recommender(store, same_source_cap=None)
    run = store.active_run()
    assert run is not None
    query = N_TRAINED + 3
    z = (library.matrix[query] - run.scaler_mean) / run.scaler_std
    cluster = int(np.argmin(((run.centroids - z) ** 2).sum(axis=1)))
    members = store.cluster_members(cluster)
    ids, matrix, _ = store.feature_matrix(members)
    dist = (((matrix - run.scaler_mean) / run.scaler_std - z) ** 2).sum(axis=1)
    nearest = [ids[i] for i in np.argsort(dist)[:5]]
    got = [r.track.track_id for r in rec.recommend(library.ids[query], k=5)]
    assert len(set(got) & set(nearest)) >= 4


def _same_source_count(query: Track, results: list[Recommendation]) -> int:
    return sum(r.track.artist == query.artist or r.track.album == query.album for r in results)


def test_at_most_two_from_the_same_artist_or_album(
    store: SQLiteStore, library: SyntheticLibrary
) -> None:
    capped, uncapped = Recommender(store), Recommender(store, same_source_cap=None)
    tested = 0
    for query in library.ids[:N_TRAINED:3]:
        track = store.get_track(query)
        assert track is not None
        plain = uncapped.recommend(query, k=5)
        if _same_source_count(track, plain) > 2:
            tested += 1
            results = capped.recommend(query, k=5)
            assert len(results) == 5
            assert _same_source_count(track, results) <= 2
    assert tested > 3, "the synthetic library should produce same-album neighbours"


def test_cap_lifts_when_there_are_no_alternatives(library: SyntheticLibrary) -> None:
    query = library.tracks[0]
    same_album = [t for t in library.tracks[1:10]]

    class C:  # a candidate as the recommender sees it
        def __init__(self, tid: str, score: float) -> None:
            self.track_id, self.score, self.reason = tid, score, ""

    ranked = [(t, C(t.track_id, 1.0 - i / 100)) for i, t in enumerate(same_album)]
    assert len(diversify(query, ranked, 5, cap=2)) == 5
    other = replace(library.tracks[200], artist="Someone else", album="Elsewhere")
    ranked.append((other, C(other.track_id, 0.1)))
    picked = [t.track_id for t, _ in diversify(query, ranked, 3, cap=2)]
    assert picked == [same_album[0].track_id, same_album[1].track_id, other.track_id]


def test_missing_files_are_not_recommended(store: SQLiteStore, library: SyntheticLibrary) -> None:
    rec = Recommender(store)
    query = library.ids[0]
    first = rec.recommend(query, k=5)[0].track.track_id
    store.mark_missing([first])
    assert first not in {r.track.track_id for r in rec.recommend(query, k=5)}
    assert len(rec.recommend(query, k=5)) == 5


def test_stored_neighbours_without_reasons_get_one(
    tmp_path: Path, library: SyntheticLibrary
) -> None:
    s = SQLiteStore(tmp_path / "bare.sqlite3")
    fill_store(s, library, only=range(100))
    run = train_in_process(library.ids[:100], library.matrix[:100], library.names, k=2)
    run.neighbours = {
        tid: [Neighbour(n.track_id, n.score) for n in ns] for tid, ns in run.neighbours.items()
    }
    s.save_run(run)
    results = Recommender(s).recommend(library.ids[0], k=3)
    assert all(r.reason for r in results)
    s.close()


def test_errors_name_the_problem(tmp_path: Path, library: SyntheticLibrary) -> None:
    s = SQLiteStore(tmp_path / "empty.sqlite3")
    s.upsert_tracks(library.tracks[:3])
    rec = Recommender(s)
    with pytest.raises(RecommendError, match="nosuch: no such track"):
        rec.recommend("nosuch")
    # No run is no longer a refusal (the first pass serves): only "not analysed" is.
    with pytest.raises(RecommendError, match=r"01\.ogg: not analysed yet \(run `encore analyze`\)"):
        rec.recommend(library.ids[0])
    fill_store(s, library, only=range(1, 50))
    s.save_run(train_in_process(library.ids[1:50], library.matrix[1:50], library.names, k=2))
    rec.refresh()
    with pytest.raises(RecommendError, match=r"01\.ogg: not analysed yet"):
        rec.recommend(library.ids[0])
    assert len(rec.recommend(library.ids[1], k=3)) == 3
    s.close()


def test_refresh_sees_a_new_run(store: SQLiteStore, library: SyntheticLibrary) -> None:
    rec = Recommender(store)
    new_query = library.ids[N_TRAINED]
    assert store.cluster_of(new_query) is None
    before = rec.run
    store.save_run(train_in_process(library.ids, library.matrix, library.names, k=4))
    assert rec.run is before  # cached per process until told
    rec.refresh()
    assert rec.run is not None and rec.run.run_id != before.run_id
    assert len(store.neighbours(new_query, 5)) == 5
    assert len(rec.recommend(new_query, k=5)) == 5


@pytest.mark.parametrize("search", ["border", "own cluster", "exact"])
def test_on_the_fly_probes_the_cluster_across_the_border(
    tmp_path: Path, library: SyntheticLibrary, search: str
) -> None:
    """A new track half-way between two clusters gets the exact nearest of the whole library
    when the run probes borders, or when it searched the (small) library whole; without the
    probe only its own cluster is searched."""
    from engine.models import TrackFeatures

    s = SQLiteStore(tmp_path / "border.sqlite3")
    fill_store(s, library)
    trained = list(range(N_TRAINED))
    run = train_in_process(
        [library.ids[i] for i in trained],
        library.matrix[trained],
        library.names,
        k=4,
        # LSH admits all, so the border logic decides; a whole-library search skips LSH.
        shingles=ShingleParams(lsh_threshold=0.3 if search == "exact" else 0.02),
        border=search == "border",
    )
    if search == "exact":
        run = replace(run, settings=replace(run.settings, exact_search=True))
    s.save_run(run)
    a = 0
    b = next(
        i for i in trained if run.assignments[library.ids[i]] != run.assignments[library.ids[a]]
    )
    z_all = (library.matrix[trained] - run.scaler_mean) / run.scaler_std
    for t in np.linspace(0.2, 0.8, 25):  # a point whose 5 nearest straddle the border
        vector = (1 - t) * library.matrix[a] + t * library.matrix[b]
        z_q = (vector - run.scaler_mean) / run.scaler_std
        exact = [library.ids[i] for i in np.argsort(((z_all - z_q) ** 2).sum(axis=1))[:5]]
        if len({run.assignments[x] for x in exact}) == 2:
            break
    assert len({run.assignments[x] for x in exact}) == 2
    query = library.ids[N_TRAINED]
    s.put_features(
        [TrackFeatures(query, vector.astype(np.float32), library.names, FEATURE_VERSION, "1:1")]
    )
    got = [r.track.track_id for r in Recommender(s, same_source_cap=None).recommend(query, 5)]
    clusters = {run.assignments[t] for t in got}
    if search != "own cluster":
        assert got == exact
    else:
        assert len(clusters) == 1 and got != exact
    s.close()


def test_a_run_without_packs_gets_them_and_a_new_process_reads_the_same_lists(
    store: SQLiteStore, library: SyntheticLibrary, tmp_path: Path
) -> None:
    """A run saved before cluster packs (or by a job that stored none): the first query in a
    cluster builds its pack from the features and stores it; the next process reads it and
    recommends exactly what the first computed. A pack that does not fit is built again."""
    queries = library.ids[N_TRAINED::9]
    run = store.active_run()
    assert run is not None and all(store.cluster_pack(c) is None for c in range(run.k))
    first = Recommender(store)
    before = [[(r.track.track_id, r.score) for r in first.recommend(q, k=5)] for q in queries]
    assert any(store.cluster_pack(c) is not None for c in range(run.k))
    missing = sum(store.cluster_pack(c) is None for c in range(run.k))
    assert Recommender(store).store_packs() == missing
    assert Recommender(store).store_packs() == 0
    for c in range(run.k):
        pack = store.cluster_pack(c)
        assert pack is not None and sorted(pack.ids) == store.cluster_members(c)
    # A broken part: refused by the store, built again by the recommender and stored whole.
    with store.transaction() as conn:
        conn.execute("UPDATE cluster_packs SET vectors = x'00' WHERE cluster = 0")
    with pytest.raises(StoreError, match="cluster 0 part 0: 1 vector and"):
        store.cluster_pack(0)
    fresh = SQLiteStore(tmp_path / "library.sqlite3")
    try:
        again = Recommender(fresh)
        after = [[(r.track.track_id, r.score) for r in again.recommend(q, k=5)] for q in queries]
        again.store_packs()
        assert fresh.cluster_pack(0) is not None
    finally:
        fresh.close()
    assert after == before


def test_packs_with_band_hashes_give_the_lists_packs_without_them_gave(
    store: SQLiteStore, library: SyntheticLibrary, tmp_path: Path
) -> None:
    """The pack format with stored band hashes against the one before (signatures only, hashed
    on load): a new process reads the same lists, scores and reasons from either, and a run
    ranked by distance leaves the signatures unread."""
    queries = library.ids[N_TRAINED::7]
    run = store.active_run()
    assert run is not None
    assert Recommender(store).store_packs() == run.k
    with_bands = [store.cluster_pack(c, signatures=False) for c in range(run.k)]
    assert all(p is not None and p.bands is not None and p.signatures is None for p in with_bands)

    def lists() -> list[list[tuple[str, float, object]]]:
        fresh = SQLiteStore(tmp_path / "library.sqlite3")
        try:
            rec = Recommender(fresh)
            return [
                [(r.track.track_id, r.score, r.reason) for r in rec.recommend(q, k=5)]
                for q in queries
            ]
        finally:
            fresh.close()

    now = lists()
    params = Shingler(len(run.feature_names), run.settings.shingles).params
    for c in range(run.k):
        pack = store.cluster_pack(c)
        assert pack is not None and pack.bands is not None and pack.signatures is not None
        # Each member's own signature finds the same LSH candidates either way.
        stored, hashed = (
            BandScan(None, params, hashes=pack.bands),
            BandScan(pack.signatures, params),
        )
        for signature in pack.signatures[:: max(1, len(pack.ids) // 10)]:
            assert stored.query(signature).tolist() == hashed.query(signature).tolist()
        store.save_cluster_pack(run.run_id, replace(pack, bands=None))  # the format before
        old = store.cluster_pack(c, signatures=False)
        assert old is not None and old.bands is None and old.signatures is not None
    assert lists() == now
    assert len(now) == len(queries) and all(len(found) == 5 for found in now)


def test_packs_from_the_vectors_training_holds_are_those_read_from_the_store(
    store: SQLiteStore,
) -> None:
    """Training stores the packs from its own matrix and labels (no read back): the same
    members in the same order, the same vectors, band hashes and signatures."""
    from engine.recommend.training import _held_members

    run = store.active_run()
    assert run is not None
    assert Recommender(store).store_packs() == run.k
    from_store = [store.cluster_pack(c) for c in range(run.k)]
    with store.transaction() as conn:
        conn.execute("DELETE FROM cluster_packs")
    ids, matrix, _ = store.feature_matrix()
    trained = [t for t in ids if store.cluster_of(t) is not None]
    rows = [ids.index(t) for t in trained]
    labels = np.array([store.cluster_of(t) for t in trained])
    held = _held_members(trained, matrix[rows], labels)
    assert Recommender(store).store_packs(held) == run.k
    for c, before in enumerate(from_store):
        after = store.cluster_pack(c)
        assert before is not None and after is not None
        assert after.ids == before.ids and len(set(after.ids)) > 1
        for name in ("vectors", "bands", "signatures"):
            assert np.array_equal(getattr(after, name), getattr(before, name)), name
