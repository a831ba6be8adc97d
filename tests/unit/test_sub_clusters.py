"""Blocks inside a large cluster (engine.recommend.sub_clusters), without Spark."""

from __future__ import annotations

import numpy as np

from engine.recommend.border import visitor_neighbours
from engine.recommend.cluster_neighbours import squared_distances
from engine.recommend.reasons import ReasonWriter
from engine.recommend.score import similarity
from engine.recommend.shingles import ShingleParams, Shingler
from engine.recommend.sub_clusters import (
    block_sums,
    blocked_neighbours,
    blocked_visitors,
    split_cluster,
)

D = 6
NAMES = tuple(f"mfcc_mean_{i:02d}" for i in range(D))


def _exact(z: np.ndarray, n: int) -> list[set[int]]:
    d2 = squared_distances(z, z)
    np.fill_diagonal(d2, np.inf)
    return [set(np.argsort(row, kind="stable")[:n].tolist()) for row in d2]


def test_a_cluster_up_to_the_limit_is_one_block_and_a_larger_one_is_cut(rng) -> None:
    z = rng.normal(size=(300, D))
    assert split_cluster(z, max_size=300).count == 1
    blocks = split_cluster(z, target=60, max_size=100)
    assert blocks.count == 5 and np.bincount(blocks.labels).min() > 0
    # What the border bound relies on: every member is nearest its own block's centre.
    own = squared_distances(z, blocks.centres).argmin(axis=1)
    np.testing.assert_array_equal(blocks.labels, own)


def test_blocked_search_finds_the_nearest_across_block_borders(rng) -> None:
    z = rng.normal(size=(600, D))
    n = 10
    # A threshold so low that LSH admits every block member: what remains is the blocking.
    shingler = Shingler(D, ShingleParams(lsh_threshold=0.02))
    ids = [f"t{i}" for i in range(600)]
    blocks = split_cluster(z, target=100, max_size=150)
    found, used = blocked_neighbours(ids, z, n=n, shingler=shingler, names=NAMES, blocks=blocks)
    assert used is blocks and blocks.count == 6
    exact = _exact(z, n)
    rows = [[int(t[1:]) for t in row] for row in found.ids]
    assert all(len(r) == n and i not in r for i, r in enumerate(rows))
    recall = np.mean([len(set(r) & e) / n for r, e in zip(rows, exact, strict=True)])
    in_own_block = np.mean(
        [np.mean(blocks.labels[r] == blocks.labels[i]) for i, r in enumerate(rows)]
    )
    # Per-block lists could hold at most the exact neighbours inside the own block.
    block_only = np.mean(
        [np.mean(blocks.labels[list(e)] == blocks.labels[i]) for i, e in enumerate(exact)]
    )
    # Structureless 6-d noise, 2 probed blocks at most: 0.95 against 0.62 for the blocks alone.
    assert recall >= 0.94 and recall - block_only >= 0.25
    assert in_own_block < 0.75  # the probe did bring in other blocks' members
    # Distances, scores and reasons belong to the final lists.
    for i in (0, 77, 599):
        d2 = squared_distances(z[i : i + 1], z[rows[i]])[0]
        np.testing.assert_allclose(found.d2[i], d2, atol=1e-9)
        np.testing.assert_allclose(found.scores[i], similarity(d2 / D).round(6), atol=1e-6)
        assert found.reasons[i] == ReasonWriter(NAMES)(z[i : i + 1], z, [np.array(rows[i])])[0]


def test_visitors_searching_blocks_find_what_the_whole_cluster_holds(rng) -> None:
    members = rng.normal(size=(500, D))
    blocks = split_cluster(members, target=100, max_size=150)
    visitors = rng.normal(loc=0.3, size=(40, D))
    radius2 = np.full(40, 3.0)
    whole = visitor_neighbours(members, visitors, radius2, n=8)
    # Probing every block the bound admits is exact; the default cap keeps nearly all of it.
    exact = blocked_visitors(members, blocks.labels, visitors, radius2, n=8, max_probes=4)
    capped = blocked_visitors(members, blocks.labels, visitors, radius2, n=8)
    for w, e in zip(whole.rows, exact.rows, strict=True):
        np.testing.assert_array_equal(np.sort(w), np.sort(e))
    kept = sum(len(set(w) & set(c)) for w, c in zip(whole.rows, capped.rows, strict=True))
    assert kept >= 0.9 * sum(len(w) for w in whole.rows)
    assert all(len(c) <= 8 for c in capped.rows)


def test_block_sums_equal_add_at_to_the_bit(rng) -> None:
    z = rng.normal(size=(3000, 17)) * 1e3
    labels = rng.integers(0, 7, size=3000)
    labels[labels == 4] = 5  # one empty block
    counts = np.bincount(labels, minlength=8)  # and an empty last one
    want = np.zeros((8, 17))
    np.add.at(want, labels, z)
    got = block_sums(z, labels, counts)
    assert np.array_equal(got, want)
