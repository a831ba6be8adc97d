"""The per-cluster neighbour step of training, without Spark."""

from __future__ import annotations

import numpy as np
import pytest

from engine.analysis.features import FEATURE_NAMES
from engine.errors import ParameterError
from engine.recommend.cluster_neighbours import (
    PRUNES_BELOW,
    cluster_neighbours,
    smallest_per_row,
    squared_distances,
)
from engine.recommend.reasons import ReasonWriter, reason_for
from engine.recommend.shingles import BandIndex, ShingleParams, Shingler, candidate_share

D = len(FEATURE_NAMES)


def exact_knn(z: np.ndarray, n: int) -> np.ndarray:
    d2 = squared_distances(z, z)
    np.fill_diagonal(d2, np.inf)
    return np.argsort(d2, axis=1)[:, :n]


@pytest.mark.parametrize("ragged", [False, True])
def test_reason_writer_matches_reason_for_pair_by_pair(rng, ragged) -> None:
    z = rng.normal(size=(60, D))
    z[30:] = z[:30] + rng.normal(scale=0.3, size=(30, D))  # some close pairs name groups
    picked = [rng.choice(60, size=(3 if ragged and i % 2 else 6), replace=False) for i in range(60)]
    scaler = typical_scaler()
    texts = ReasonWriter(FEATURE_NAMES, scaler=scaler)(z, z, picked)
    for i, (chosen, got) in enumerate(zip(picked, texts, strict=True)):
        assert got == [reason_for(z[i], z[j], FEATURE_NAMES, scaler=scaler) for j in chosen]
    seen = {t.code for row in texts for t in row}
    assert {"both", "similar"} <= seen


def typical_scaler() -> tuple[np.ndarray, np.ndarray]:
    """Library mean and spread of a plausible collection (dev-clip magnitudes)."""
    mean, std = np.zeros(D), np.ones(D)
    for name, m, s in (
        ("tempo", 122.0, 25.0),
        ("onset_strength_mean", 1.1, 0.4),
        ("spectral_centroid_mean", 1300.0, 600.0),
        ("loudness_lufs", -16.0, 6.0),
        ("rms_mean", 0.07, 0.05),
        ("rms_std", 0.02, 0.012),
        ("spectral_flatness_mean", 0.01, 0.03),
        ("zcr_mean", 0.06, 0.03),
    ):
        mean[FEATURE_NAMES.index(name)], std[FEATURE_NAMES.index(name)] = m, s
    for i in range(12):
        mean[FEATURE_NAMES.index(f"chroma_{i:02d}")] = 0.3
        std[FEATURE_NAMES.index(f"chroma_{i:02d}")] = 0.15
    return mean, std


def test_neighbours_are_the_nearest_with_monotone_scores(rng) -> None:
    z = rng.normal(size=(300, D)) @ rng.normal(size=(D, D)) / np.sqrt(D)
    ids = [f"t{i}" for i in range(300)]
    found = cluster_neighbours(ids, z, n=10, shingler=Shingler(D), names=FEATURE_NAMES)
    exact = exact_knn(z, 10)
    recall = np.mean(
        [len({int(t[1:]) for t in found.ids[i]} & set(exact[i].tolist())) / 10 for i in range(300)]
    )
    # Random candidates would give about 10 / 299 = 0.03. Isotropic noise in all of the
    # vector's dimensions is LSH's hardest case (0.55-0.60 at d=141; the dev corpora: 0.90).
    assert recall > 0.5
    for i, (row, scores) in enumerate(zip(found.ids, found.scores, strict=True)):
        assert len(row) == 10 and f"t{i}" not in row
        assert scores == sorted(scores, reverse=True) and 0 < scores[-1] <= scores[0] <= 1
    assert sum(found.candidates) > 0


def test_sparse_lsh_is_filled_with_the_exact_nearest(rng) -> None:
    z = rng.normal(size=(120, D))
    strict = Shingler(D, ShingleParams(lsh_threshold=0.95))
    found = cluster_neighbours(
        [str(i) for i in range(120)], z, n=8, shingler=strict, names=FEATURE_NAMES
    )
    assert sum(found.filled) > 0.9 * 8 * 120  # almost nothing passed the 0.95 threshold
    exact = exact_knn(z, 8)
    assert all([int(t) for t in found.ids[i]] == exact[i].tolist() for i in range(120))


def test_tiny_cluster_and_bad_rank(rng) -> None:
    z = rng.normal(size=(3, D))
    found = cluster_neighbours(["a", "b", "c"], z, n=5, shingler=Shingler(D), names=FEATURE_NAMES)
    assert [sorted(r) for r in found.ids] == [["b", "c"], ["a", "c"], ["a", "b"]]
    alone = cluster_neighbours(["a"], z[:1], n=5, shingler=Shingler(D), names=FEATURE_NAMES)
    assert alone.ids == [[]]
    with pytest.raises(ParameterError, match="rank"):
        cluster_neighbours(["a"], z[:1], n=5, shingler=Shingler(D), names=(), rank="nope")


def test_exact_search_lists_the_exact_nearest_where_lsh_misses_some(rng) -> None:
    z = rng.normal(size=(300, D)) @ rng.normal(size=(D, D)) / np.sqrt(D)
    ids = [f"t{i}" for i in range(300)]
    lsh = cluster_neighbours(ids, z, n=10, shingler=Shingler(D), names=FEATURE_NAMES)
    exact = cluster_neighbours(ids, z, n=10, shingler=Shingler(D), names=FEATURE_NAMES, exact=True)
    truth = exact_knn(z, 10)
    assert all([int(t[1:]) for t in exact.ids[i]] == truth[i].tolist() for i in range(300))
    assert exact.candidates == [299] * 300 and exact.filled == [0] * 300
    assert lsh.ids != exact.ids  # the default LSH threshold loses some on isotropic noise
    with pytest.raises(ParameterError, match="exact"):
        cluster_neighbours(
            ids, z, n=5, shingler=Shingler(D), names=FEATURE_NAMES, rank="jaccard", exact=True
        )


def test_smallest_per_row_keeps_the_k_smallest_in_order(rng) -> None:
    # Few distinct values, so ties are everywhere: inside the k they go to the lower column.
    values = rng.integers(0, 4, size=(40, 25)).astype(np.float64)
    values[3] = np.inf
    for k in (0, 1, 7, 24, 25):
        got = smallest_per_row(values, k)
        assert got.shape == (40, k)
        kept = np.take_along_axis(values, got, axis=1)
        np.testing.assert_array_equal(kept, np.sort(values, axis=1)[:, :k])
        for row, cols in zip(kept, got, strict=True):
            assert len(set(cols.tolist())) == k
            same = row[1:] == row[:-1]
            assert (cols[1:][same] > cols[:-1][same]).all()
    distinct = rng.permutation(25 * 40).reshape(40, 25).astype(np.float64)
    np.testing.assert_array_equal(
        smallest_per_row(distinct, 5), np.argsort(distinct, axis=1)[:, :5]
    )


def test_candidate_share_is_the_band_tests_share_of_the_pairs(rng) -> None:
    z = rng.normal(size=(200, D)) @ rng.normal(size=(D, D)) / np.sqrt(D)
    shingler = Shingler(D)
    hits = BandIndex(shingler.signatures(z), shingler.params).candidates(range(200))
    whole = (hits.sum() - 200) / (200 * 199)
    assert candidate_share(z, shingler) == pytest.approx(whole)  # under the sample: every row
    assert 0.0 < whole < PRUNES_BELOW
    assert candidate_share(z[:1], shingler) == 1.0
    big = rng.normal(size=(1200, D)) @ rng.normal(size=(D, D)) / np.sqrt(D)
    hits = BandIndex(shingler.signatures(big), shingler.params).candidates(range(1200))
    assert candidate_share(big, shingler) == pytest.approx((hits.sum() - 1200) / 1200**2, abs=0.03)


def test_a_set_the_band_test_does_not_prune_is_searched_exactly(rng) -> None:
    # Tight around one point: nearly every pair shares a band, so the filter would keep ~all.
    z = rng.normal(size=(400, D)) * 0.05 + rng.normal(size=D)
    ids = [f"t{i}" for i in range(400)]
    shingler = Shingler(D)
    assert candidate_share(z, shingler) >= PRUNES_BELOW
    found = cluster_neighbours(ids, z, n=10, shingler=shingler, names=FEATURE_NAMES)
    exact = cluster_neighbours(ids, z, n=10, shingler=shingler, names=FEATURE_NAMES, exact=True)
    assert found.ids == exact.ids and found.d2 == exact.d2
    assert found.candidates == [399] * 400
    truth = exact_knn(z, 10)
    assert all([int(t[1:]) for t in found.ids[i]] == truth[i].tolist() for i in range(400))
