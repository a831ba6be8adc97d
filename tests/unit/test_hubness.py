"""The hub order of neighbour lists: L1 distance, locally scaled."""

from __future__ import annotations

import numpy as np
import pytest

from engine.analysis.features import FEATURE_NAMES
from engine.recommend.cluster_neighbours import cluster_neighbours, squared_distances
from engine.recommend.hubness import (
    SCALE_K,
    SCALE_POOL,
    hub_ordered,
    hub_scores,
    local_scales,
    local_scales_of,
    order_lists,
    scaled_order,
)
from engine.recommend.shingles import Shingler

D = len(FEATURE_NAMES)


def test_local_scale_is_the_kth_distance_or_the_farthest_of_a_short_list() -> None:
    width = SCALE_K + 3
    l1 = np.tile(np.arange(width, 0, -1, dtype=float), (3, 1))  # descending: order matters
    valid = np.ones_like(l1, dtype=bool)
    valid[1, 4:] = False  # a short list: 4 entries, 13 .. 10
    valid[2, :] = False  # an empty one
    sigma = local_scales(l1, valid)
    assert sigma[0] == SCALE_K  # the SCALE_K-th smallest of 1 .. width
    assert sigma[1] == width  # the farthest of what there is
    assert sigma[2] == 1.0  # nothing to scale by


def test_a_track_near_everyone_yields_to_one_as_near_as_its_own_neighbours() -> None:
    # x's candidates: a hub, slightly nearer, whose own neighbours are all very close (small σ),
    # and a track in a sparse region as x itself is (σ like x's).
    l1 = np.array([[1.0, 1.2]])
    order, r = scaled_order(
        l1, np.ones_like(l1, dtype=bool), np.array([1.0]), np.array([[0.25, 1.44]])
    )
    assert order.tolist() == [[1, 0]]
    assert r[0].tolist() == pytest.approx([1.0, 2.0])


def test_one_feature_far_off_no_longer_outweighs_many_that_agree() -> None:
    z = np.zeros((3, 4))
    z[1] = [3.0, 0.0, 0.0, 0.0]  # far off in one feature, equal in the others: L1 3, L2² 9
    z[2] = [1.0, 1.0, 1.0, 1.0]  # a little off in every feature: L1 4, L2² 4
    assert squared_distances(z[:1], z[1:])[0].tolist() == [9.0, 4.0]  # Euclid prefers row 2
    ones = np.ones(3)
    ordered = order_lists(z[:1], z, [[2, 1]], ones[:1], ones)
    assert ordered.rows == [[1, 2]] and ordered.positions == [[1, 0]]
    assert ordered.r == [[3.0, 4.0]]


def test_scores_are_one_for_identical_and_a_half_at_the_local_scale() -> None:
    assert hub_scores(np.array([0.0, 1.0, 3.0])).tolist() == pytest.approx([1.0, 0.5, 0.1])


def test_a_local_scale_uses_the_nearest_of_the_pool_only(rng) -> None:
    z = rng.normal(size=(SCALE_POOL + 30, D))
    d2 = squared_distances(z[:1], z)[0]
    d2[0] = np.inf
    nearest = np.argsort(d2, kind="stable")
    short = local_scales_of(z, [nearest[:SCALE_POOL].tolist()])
    long = local_scales_of(z, [nearest.tolist()])
    assert short[0] == long[0]  # what lies past the pool cannot change a track's scale
    l1 = np.abs(z[nearest[:SCALE_POOL]] - z[0]).sum(axis=1)
    assert short[0] == pytest.approx(np.sort(l1)[SCALE_K - 1])


def test_hub_ordered_keeps_each_list_and_carries_its_reasons_and_distances(rng) -> None:
    z = rng.normal(size=(200, D))
    ids = [f"t{i}" for i in range(200)]
    found = cluster_neighbours(ids, z, n=15, shingler=Shingler(D), names=FEATURE_NAMES)
    before = [
        dict(zip(i, zip(r, d, strict=True), strict=True))
        for i, r, d in zip(found.ids, found.reasons, found.d2, strict=True)
    ]
    sigma = hub_ordered(ids, z, found)
    assert sigma.shape == (200,) and (sigma > 0).all()
    row = {t: i for i, t in enumerate(ids)}
    reordered = 0
    for i, listed in enumerate(found.ids):
        assert set(listed) == set(before[i])  # the same Euclidean nearest
        assert [(r, d) for r, d in zip(found.reasons[i], found.d2[i], strict=True)] == [
            before[i][o] for o in listed
        ]
        rows = [row[o] for o in listed]
        r = np.abs(z[rows] - z[i]).sum(axis=1) / np.sqrt(sigma[i] * sigma[rows])
        assert np.all(np.diff(r) >= -1e-12)  # best (smallest r) first
        assert found.scores[i] == pytest.approx(hub_scores(r).round(6).tolist())
        reordered += found.d2[i] != sorted(found.d2[i])
    assert reordered > 100  # the order really changed for most lists
