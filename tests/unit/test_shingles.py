"""Shingling and MinHash: the properties the LSH neighbours rely on."""

from __future__ import annotations

import numpy as np
import pytest

from engine.errors import ParameterError
from engine.recommend.band_scan import BandScan
from engine.recommend.shingles import BandIndex, ShingleParams, Shingler, jaccard


@pytest.fixture
def shingler() -> Shingler:
    return Shingler(24, ShingleParams(num_perm=128))


def test_vectorised_signatures_equal_datasketch_update(shingler, rng) -> None:
    z = rng.normal(size=(40, 24))
    z[0, :3] = [50.0, -50.0, np.nan]  # outliers and a NaN land in the edge / centre bins
    sigs = shingler.signatures(z)
    assert sigs.shape == (40, 128)
    for row in range(z.shape[0]):
        assert np.array_equal(sigs[row], shingler.minhash(z[row]).hashvalues)


def test_signatures_are_deterministic_across_instances(rng) -> None:
    z = rng.normal(size=(10, 16))
    a = Shingler(16).signatures(z)
    b = Shingler(16, ShingleParams.from_dict(ShingleParams().to_dict())).signatures(z)
    assert np.array_equal(a, b)
    other_seed = Shingler(16, ShingleParams(seed=99)).signatures(z)
    assert not np.array_equal(a, other_seed)


def test_token_set_size_and_neighbour_bins(shingler) -> None:
    z = np.zeros(24)
    tokens = shingler.tokens(z)
    assert len(tokens) == len(set(tokens)) == 24 * 3
    # Moving one dimension by one bin keeps two of its three tokens.
    moved = z.copy()
    moved[5] = 0.6
    shared = set(tokens) & set(shingler.tokens(moved))
    assert len(shared) == 24 * 3 - 1


def test_similar_vectors_have_higher_jaccard_than_distant(shingler, rng) -> None:
    base = rng.normal(size=(200, 24))
    near = base + rng.normal(scale=0.15, size=base.shape)
    far = base + rng.normal(scale=1.5, size=base.shape)
    sb, sn, sf = (shingler.signatures(x) for x in (base, near, far))
    j_near = np.array([jaccard(sb[i], sn[i : i + 1])[0] for i in range(200)])
    j_far = np.array([jaccard(sb[i], sf[i : i + 1])[0] for i in range(200)])
    assert j_near.mean() > 0.6
    assert j_far.mean() < j_near.mean() - 0.3
    assert (j_near > j_far).mean() > 0.95


def test_jaccard_falls_monotonically_with_distance(shingler, rng) -> None:
    base = rng.normal(size=(300, 24))
    means = []
    for scale in (0.1, 0.3, 0.6, 1.0, 2.0):
        moved = base + rng.normal(scale=scale, size=base.shape)
        sb, sm = shingler.signatures(base), shingler.signatures(moved)
        means.append(float((sb == sm).mean()))
    assert means == sorted(means, reverse=True)


def test_lsh_index_finds_near_duplicates(rng) -> None:
    shingler = Shingler(24, ShingleParams(lsh_threshold=0.5))
    base = rng.normal(size=(500, 24))
    keys = [f"t{i}" for i in range(500)]
    sigs = shingler.signatures(base)
    lsh = shingler.lsh_index(keys, sigs)
    queries = shingler.signatures(base[:50] + rng.normal(scale=0.05, size=(50, 24)))
    found = sum(f"t{i}" in lsh.query(shingler.lean(queries[i])) for i in range(50))
    assert found >= 48
    # A random vector of the same distribution collides with few tracks.
    stranger = shingler.signatures(rng.normal(size=(1, 24)))[0]
    assert len(lsh.query(shingler.lean(stranger))) < 25


def test_bad_parameters_are_named() -> None:
    with pytest.raises(ParameterError, match="bin_width"):
        ShingleParams(bin_width=0)
    with pytest.raises(ParameterError, match="lsh_threshold"):
        ShingleParams(lsh_threshold=1.5)
    with pytest.raises(ParameterError, match="expected 24 features"):
        Shingler(24).signatures(np.zeros((2, 23)))


def test_band_index_gives_exactly_minhashlsh_candidates(rng) -> None:
    params = ShingleParams(lsh_threshold=0.4, num_perm=64)
    shingler = Shingler(20, params)
    z = np.concatenate([rng.normal(size=(150, 20)), rng.normal(size=(150, 20)) * 0.3])
    sigs = shingler.signatures(z)
    lsh = shingler.lsh_index(range(len(z)), sigs)
    hits = BandIndex(sigs, params).candidates(range(len(z)))
    sizes = []
    for row in range(len(z)):
        expected = set(lsh.query(shingler.lean(sigs[row])))
        assert set(np.flatnonzero(hits[row]).tolist()) == expected
        sizes.append(len(expected))
    assert 1 < np.mean(sizes) < len(z) - 1  # neither empty nor everything: a real test


@pytest.mark.parametrize("band_rule", [BandIndex, BandScan])
@pytest.mark.parametrize("threshold", [0.3, 0.6])
def test_band_rules_query_equals_datasketch_query(
    rng: np.random.Generator, band_rule: type[BandIndex] | type[BandScan], threshold: float
) -> None:
    """Training's sorted BandIndex and the recommender's BandScan answer what datasketch's
    MinHashLSH answers, for tracks in the index and for outside tracks."""
    params = ShingleParams(lsh_threshold=threshold)
    shingler = Shingler(24, params)
    centre = rng.normal(size=24)
    z = centre + rng.normal(scale=rng.uniform(0.05, 1.5, size=(300, 1)), size=(300, 24))
    sigs = shingler.signatures(z)
    lsh = shingler.lsh_index([str(i) for i in range(300)], sigs)
    index = band_rule(sigs, params)
    near = centre + rng.normal(scale=0.4, size=(40, 24))
    outside = shingler.signatures(np.concatenate([near, -centre + rng.normal(size=(10, 24))]))
    sizes = set()
    for probe in [*sigs[::7], *outside]:
        expected = sorted(int(k) for k in lsh.query(shingler.lean(probe)))
        got = index.query(probe)
        assert got.tolist() == expected
        assert got.dtype == np.int64
        sizes.add(len(got))
    assert len(sizes) > 5  # the probes span few to many candidates
    if threshold > 0.5:
        assert 0 in sizes  # and some outside tracks share no band at all


def test_an_empty_band_index_answers_nothing() -> None:
    params = ShingleParams()
    index = BandIndex(np.zeros((0, params.num_perm), dtype=np.uint32), params)
    assert index.query(np.zeros(params.num_perm, dtype=np.uint32)).tolist() == []


@pytest.mark.parametrize("spread", [0, 1])
def test_pair_shingles_equal_datasketch_and_fall_faster_with_distance(rng, spread) -> None:
    pairs = Shingler(12, ShingleParams(ngram=2, spread=spread))
    single = Shingler(12, ShingleParams(ngram=1, spread=spread))
    z = rng.normal(size=(30, 12))
    z[0, :2] = [40.0, np.nan]
    sigs = pairs.signatures(z)
    for row in range(z.shape[0]):
        assert np.array_equal(sigs[row], pairs.minhash(z[row]).hashvalues)
    tokens = pairs.tokens(z[1])
    assert len(tokens) == len(set(tokens)) == 11 * (2 * spread + 1) ** 2
    # Pair tokens are conjunctions: a moderate move loses more of the set than single tokens.
    base = rng.normal(size=(200, 12))
    moved = base + rng.normal(scale=0.6, size=base.shape)

    def mean_jaccard(sh: Shingler) -> float:
        a, b = sh.signatures(base), sh.signatures(moved)
        return float((a == b).mean())

    assert mean_jaccard(pairs) < mean_jaccard(single) - 0.1
    with pytest.raises(ParameterError, match="ngram"):
        ShingleParams(ngram=3)
