"""Neighbours across k-means borders (engine.recommend.border), without Spark."""

from __future__ import annotations

import numpy as np

from bench.inprocess_training import kmeans
from engine.recommend.border import (
    apply_visits,
    bisector_distances,
    border_visits,
    merge_lists,
    visitor_neighbours,
)
from engine.recommend.cluster_neighbours import cluster_neighbours, squared_distances
from engine.recommend.shingles import ShingleParams, Shingler

D = 8


def test_bisector_distance_is_a_lower_bound_on_distances_to_the_other_cluster(rng) -> None:
    z = rng.normal(size=(400, D))
    centroids, labels = kmeans(z, 6, seed=3)
    h = bisector_distances(z, labels, centroids)
    dist = np.sqrt(squared_distances(z, z))
    assert np.isinf(h[np.arange(400), labels]).all()
    for c in range(6):
        members = labels == c
        lower = h[~members, c][:, None]
        assert (dist[np.ix_(~members, members)] >= lower - 1e-9).all()
    # The bound is tight enough to matter: some tracks sit close to a border.
    assert (np.sort(h, axis=1)[:, 0] < 0.3).any()


def test_probing_borders_turns_per_cluster_lists_into_the_exact_nearest(rng) -> None:
    z = rng.normal(size=(300, D))
    centroids, labels = kmeans(z, 5, seed=1)
    n = 10
    # Threshold so low that LSH admits every member: what remains is the border logic alone.
    shingler = Shingler(D, ShingleParams(lsh_threshold=0.02))
    rows: list[list[int]] = [[] for _ in range(300)]
    d2: list[list[float]] = [[] for _ in range(300)]
    for c in range(5):
        members = np.flatnonzero(labels == c)
        found = cluster_neighbours(
            [str(m) for m in members], z[members], n=n, shingler=shingler, names=()
        )
        for local, m in enumerate(members):
            rows[m] = [int(t) for t in found.ids[local]]
            d2[m] = found.d2[local]
    exact = np.argsort(squared_distances(z, z) + np.diag(np.full(300, np.inf)), axis=1)[:, :n]
    before = np.mean([len(set(rows[i]) & set(exact[i].tolist())) / n for i in range(300)])
    radius2 = np.array([x[-1] for x in d2])
    capped_rows, _ = border_visits(z, labels, centroids, radius2, max_probes=2)
    assert np.bincount(capped_rows).max() <= 2
    visit_rows, visit_clusters = border_visits(z, labels, centroids, radius2, max_probes=None)
    assert capped_rows.size < visit_rows.size < 300 * 4  # some tracks probe, not everywhere
    visits = []
    for c in np.unique(visit_clusters):
        members = np.flatnonzero(labels == c)
        guests = visit_rows[visit_clusters == c]
        found_v = visitor_neighbours(z[members], z[guests], radius2[guests], n=n)
        for g, r, dd in zip(guests, found_v.rows, found_v.d2, strict=True):
            assert (dd < radius2[g]).all() and list(dd) == sorted(dd)
            visits.append((int(g), members[r], dd))
    changed = apply_visits(rows, d2, visits, n)
    assert before < 0.95 and changed
    assert all(rows[i] == exact[i].tolist() for i in range(300))
    assert all(d2[i] == sorted(d2[i]) for i in range(300))


def test_short_lists_probe_every_cluster_and_nan_none(rng) -> None:
    z = rng.normal(size=(40, D))
    centroids, labels = kmeans(z, 4, seed=2)
    radius2 = np.full(40, 1e-12)
    radius2[0], radius2[1] = np.inf, np.nan
    rows, clusters = border_visits(z, labels, centroids, radius2, max_probes=None)
    assert sorted(clusters[rows == 0].tolist()) == sorted(set(range(4)) - {int(labels[0])})
    assert 1 not in rows.tolist()


def test_merge_keeps_the_nearest_without_repeats() -> None:
    merged = merge_lists([(1, 0.5), (2, 1.0), (3, 2.0)], [(4, 0.7), (2, 1.0), (5, 3.0)], 4)
    assert merged == [(1, 0.5), (4, 0.7), (2, 1.0), (3, 2.0)]


def test_apply_visits_merges_as_merge_lists_does(rng) -> None:
    n = 5
    rows = [
        sorted(rng.choice(50, size=int(rng.integers(0, n + 1)), replace=False).tolist())
        for _ in range(30)
    ]
    # Few distinct distances: ties and repeated rows (a find already listed) are common.
    d2 = [sorted(rng.integers(1, 6, size=len(r)).astype(float).tolist()) for r in rows]
    visits = []
    for _ in range(60):
        found = rng.choice(50, size=int(rng.integers(0, 4)), replace=False)
        visits.append((int(rng.integers(30)), found, np.sort(rng.integers(1, 6, size=found.size))))
    # The rule: each list is the n nearest of itself and all its finds (merge_lists).
    want_rows, want_d2 = [list(r) for r in rows], [list(x) for x in d2]
    for track in range(30):
        extra = [
            (r, float(x))
            for t, found, dd in visits
            if t == track
            for r, x in zip(found.tolist(), dd.tolist(), strict=True)
        ]
        merged = merge_lists(list(zip(rows[track], d2[track], strict=True)), extra, n)
        if [r for r, _ in merged] != rows[track]:
            want_rows[track], want_d2[track] = [r for r, _ in merged], [x for _, x in merged]
    want_changed = [t for t in range(30) if want_rows[t] != rows[t]]
    changed = apply_visits(rows, d2, visits, n)
    assert rows == want_rows and d2 == want_d2
    assert changed == want_changed and changed


def test_visitor_search_is_the_brute_force_radius_query(rng) -> None:
    # Coarse grid values, so equal distances occur and their order (by member) is checked too.
    members = rng.integers(-3, 4, size=(700, 5)).astype(np.float64)
    visitors = rng.integers(-3, 4, size=(1100, 5)).astype(np.float64)  # more than one chunk
    radius2 = rng.choice([0.5, 4.0, 9.0, np.inf], size=visitors.shape[0])
    n = 6
    found = visitor_neighbours(members, visitors, radius2, n=n)
    d2 = ((visitors[:, None, :] - members[None, :, :]) ** 2).sum(axis=2)
    for v in range(visitors.shape[0]):
        inside = [(float(d2[v, c]), c) for c in range(members.shape[0]) if d2[v, c] < radius2[v]]
        best = sorted(inside)[:n]
        assert found.candidates[v] == len(inside)
        assert found.rows[v].tolist() == [c for _, c in best]
        assert found.d2[v].tolist() == [x for x, _ in best]
