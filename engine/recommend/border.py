"""Neighbours across k-means borders, found by probing only the clusters that can hold them.

k-means splits the library so that LSH runs per cluster, but a track near the edge of its cluster
often has true neighbours just across the border, and a per-cluster search never sees them.
Which other clusters can hold a closer track is decidable exactly: every member ``y`` of cluster
``c`` is nearer to centroid ``c`` than to the track's own centroid ``a`` (that is what k-means
assignment means), so ``y`` lies on ``c``'s side of the bisecting hyperplane of ``a`` and ``c``,
and ``|x - y|`` is at least the distance of ``x`` to that hyperplane::

    h(x, c) = (|x - c|² - |x - a|²) / (2 |c - a|)

After the in-cluster pass each track knows ``r``, the distance to its n-th neighbour. Only clusters
with ``h(x, c) < r`` can improve its list, so only those are probed ("multi-probe" with an exact
bound), at most :data:`MAX_PROBES` of them, nearest bisector first: the track is sent to them as
a *visitor*, its radius query answered by exact distance against their members (see
:func:`visitor_neighbours`), and the lists are merged by distance. Tracks deep inside their
cluster visit nothing; without the cap the bound never skips a cluster that holds a nearer track
(with exact in-cluster search the merged list is then the exact k nearest overall).

The same rule serves the on-the-fly path of :class:`~engine.recommend.recommender.Recommender`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np

from engine.recommend.cluster_neighbours import squared_distances
from engine.recommend.nearest_rows import exact_squared_pairs, float32_error, float32_squared


def bisector_distances(z: np.ndarray, labels: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    """Distance of each track to the bisector between its own centroid and every other one.

    Parameters
    ----------
    z : np.ndarray, shape (n, d)
        Standardised vectors.
    labels : np.ndarray, shape (n,)
        Own cluster of each track.
    centroids : np.ndarray, shape (k, d)

    Returns
    -------
    np.ndarray, shape (n, k), float64
        ``h[i, c]``; ``inf`` for the own cluster and for a centroid equal to the own one.
    """
    z = np.atleast_2d(np.asarray(z, dtype=np.float64))
    labels = np.asarray(labels, dtype=np.int64)
    d2 = squared_distances(z, centroids)  # (n, k)
    own = d2[np.arange(z.shape[0]), labels][:, None]
    gap = np.sqrt(squared_distances(centroids, centroids))[labels]  # (n, k)
    with np.errstate(divide="ignore", invalid="ignore"):
        h = np.where(gap > 0, (d2 - own) / (2.0 * gap), np.inf)
    h[np.arange(z.shape[0]), labels] = np.inf
    return np.maximum(h, 0.0)


# Other clusters probed per track at most, those with the nearest bisectors first. Measured on the
# synthetic 100k set (k=64): the exact bound alone sends a track to 5.2 clusters on average (p90
# 14), while the 2 nearest bisectors already reach 99.7 % of the true 20 nearest (own cluster
# alone: 90.7 %), so the cap keeps the second pass cheap at almost no cost in recall.
MAX_PROBES = 2


def border_visits(
    z: np.ndarray,
    labels: np.ndarray,
    centroids: np.ndarray,
    radius2: np.ndarray,
    *,
    max_probes: int | None = MAX_PROBES,
) -> tuple[np.ndarray, np.ndarray]:
    """Clusters each track must probe: those whose bisector is nearer than its n-th neighbour.

    Parameters
    ----------
    z : np.ndarray, shape (n, d)
    labels : np.ndarray, shape (n,)
    centroids : np.ndarray, shape (k, d)
    radius2 : np.ndarray, shape (n,)
        Squared distance to the n-th neighbour found in the own cluster; ``inf`` (a cluster
        too small to fill the list) probes every other cluster, ``nan`` none.
    max_probes : int, optional
        Keep at most this many clusters per track, nearest bisector first (``None``: all that
        the bound admits).

    Returns
    -------
    rows, clusters : np.ndarray, shape (v,), int64
        Visit ``v``: track ``rows[v]`` probes cluster ``clusters[v]``.
    """
    radius2 = np.asarray(radius2, dtype=np.float64)
    ok = ~np.isnan(radius2)
    rows_ok = np.flatnonzero(ok)
    if rows_ok.size == 0 or centroids.shape[0] < 2:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    rows_out: list[np.ndarray] = []
    clusters_out: list[np.ndarray] = []
    for start in range(0, rows_ok.size, 8192):  # bounds the (chunk, k) matrices
        part = rows_ok[start : start + 8192]
        h = bisector_distances(z[part], labels[part], centroids)
        admitted = h * h < radius2[part][:, None]
        if max_probes is not None and max_probes < centroids.shape[0] - 1:
            nearest = np.argsort(h, axis=1, kind="stable")[:, :max_probes]
            capped = np.zeros_like(admitted)
            np.put_along_axis(capped, nearest, True, axis=1)
            admitted &= capped
        r, c = np.nonzero(admitted)
        rows_out.append(part[r])
        clusters_out.append(c.astype(np.int64))
    return np.concatenate(rows_out), np.concatenate(clusters_out)


@dataclass(slots=True)
class VisitorNeighbours:
    """Per visitor: member rows (indices into the cluster's members) and squared distances,
    nearest first, only those nearer than the visitor's current n-th neighbour; ``candidates``
    counts the members inside that radius."""

    rows: list[np.ndarray]
    d2: list[np.ndarray]
    candidates: list[int]


def visitor_neighbours(
    members: np.ndarray,
    visitors: np.ndarray,
    radius2: np.ndarray,
    *,
    n: int,
) -> VisitorNeighbours:
    """Search one cluster's members for tracks of other clusters (the visitors).

    A visitor already has a full list and only wants members nearer than its n-th neighbour,
    a radius query: exact distances (one float32 BLAS product per chunk, then float64 for the
    members its rounding bound cannot rule out) answer it more cheaply than the LSH banding,
    whose candidate test costs ``bands`` comparisons per pair (on the 100k synthetic set the
    banded search made this pass 1.6 times as slow as the first one), and lose nothing.

    Parameters
    ----------
    members : np.ndarray, shape (m, d)
        Standardised vectors of the cluster's members.
    visitors : np.ndarray, shape (v, d)
        Standardised vectors of the probing tracks.
    radius2 : np.ndarray, shape (v,)
        Each visitor's squared distance to its current n-th neighbour.
    n : int
        Neighbours wanted per visitor.
    """
    members = np.asarray(members, dtype=np.float64)
    visitors = np.asarray(visitors, dtype=np.float64)
    out = VisitorNeighbours([], [], [])
    keep = min(n, members.shape[0])
    if members.shape[0] == 0:
        for _ in range(visitors.shape[0]):
            out.candidates.append(0)
            out.rows.append(np.zeros(0, dtype=np.int64))
            out.d2.append(np.zeros(0))
        return out
    # The products in float32 (sgemm), widened by their rounding bound, pick who may be inside
    # a radius; those few get their distance in float64 (engine.recommend.nearest_rows).
    m32 = members.astype(np.float32)
    m_norm32 = np.einsum("ij,ij->i", m32, m32)
    m_norm_max = float(np.einsum("ij,ij->i", members, members).max())
    for start in range(0, visitors.shape[0], 512):
        stop = min(start + 512, visitors.shape[0])
        q = visitors[start:stop]
        approx = float32_squared(q.astype(np.float32), m32, m_norm32)
        slack = float32_error(q.shape[1], np.einsum("ij,ij->i", q, q), m_norm_max)
        row, col = np.nonzero(approx < (radius2[start:stop] + slack)[:, None])
        dist = exact_squared_pairs(q, members, row, col)
        inside = dist < radius2[start:stop][row]
        row, col, dist = row[inside], col[inside], dist[inside]
        # Few members lie inside a visitor's radius (it comes from another cluster or block):
        # sort only those, by row, distance and column (``smallest_per_row``'s order), instead of
        # partitioning every row of the chunk.
        order = np.lexsort((col, dist, row))
        row, col, dist = row[order], col[order], dist[order]
        counts = np.bincount(row, minlength=stop - start)
        bounds = np.concatenate([[0], np.cumsum(counts)])
        for local, count in enumerate(counts.tolist()):
            a = int(bounds[local])
            found = min(count, keep)
            out.candidates.append(count)
            out.rows.append(col[a : a + found].astype(np.int64))
            out.d2.append(dist[a : a + found])
    return out


def merge_lists(
    own: Sequence[tuple[int, float]], extra: Sequence[tuple[int, float]], n: int
) -> list[tuple[int, float]]:
    """The ``n`` nearest of two ``(row, squared distance)`` lists, nearest first, no repeats."""
    best: dict[int, float] = {}
    for row, d2 in (*own, *extra):
        if row not in best or d2 < best[row]:
            best[row] = d2
    return sorted(best.items(), key=lambda item: (item[1], item[0]))[:n]


def nearest_merged(
    group: np.ndarray, row: np.ndarray, dist: np.ndarray, n: int, tie: np.ndarray | None = None
) -> np.ndarray:
    """:func:`merge_lists`' rule on flat arrays of many lists at once: indices of the entries
    kept, grouped by ``group`` ascending and nearest first within each — one entry per
    (group, row) at its smaller distance (the earlier entry on equal ones), then each group's
    ``n`` nearest, equal distances to the lower ``tie[row]`` (``tie`` defaults to the row)."""
    order = np.lexsort((dist, row, group))
    g, r = group[order], row[order]
    first = np.ones(order.size, dtype=bool)  # np.r_[True, …] would be one too long when empty
    first[1:] = (g[1:] != g[:-1]) | (r[1:] != r[:-1])
    order = order[first]
    g, r, d = group[order], row[order], dist[order]
    nearest = np.lexsort((r if tie is None else tie[r], d, g))
    order, g = order[nearest], g[nearest]
    starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
    rank = np.arange(g.size) - np.repeat(starts, np.diff(np.r_[starts, g.size]))
    return order[rank < n]


def apply_visits(
    rows: list[list[int]],
    d2: list[list[float]],
    visits: Sequence[tuple[int, Sequence[int], Sequence[float]]],
    n: int,
) -> list[int]:
    """Merge what visitors found into their lists, in place.

    Parameters
    ----------
    rows, d2 : list of lists, one per track
        Neighbour rows (global indices) and squared distances, nearest first.
    visits : sequence of ``(track row, found rows, found squared distances)``
    n : int
        List length.

    Returns
    -------
    list of int
        Tracks whose list changed (their scores and reasons must be rewritten).
    """
    visits = [v for v in visits if len(v[1])]
    if not visits:
        return []
    # Every entry of the touched lists and of the finds as flat arrays, merged by two sorts
    # (one Python merge per visit was ~10 % of a big cluster's search).
    touched = sorted({int(t) for t, _, _ in visits})
    own_sizes = [len(rows[t]) for t in touched]
    total = sum(own_sizes)
    track = np.concatenate(
        [
            np.repeat(touched, own_sizes),
            np.repeat([int(t) for t, _, _ in visits], [len(v[1]) for v in visits]),
        ]
    )
    row = np.concatenate(
        [np.fromiter(chain.from_iterable(rows[t] for t in touched), np.int64, count=total)]
        + [np.asarray(r, dtype=np.int64) for _, r, _ in visits]
    )
    dist = np.concatenate(
        [np.fromiter(chain.from_iterable(d2[t] for t in touched), np.float64, count=total)]
        + [np.asarray(x, dtype=np.float64) for _, _, x in visits]
    )
    keep = nearest_merged(track, row, dist, n)
    track, row, dist = track[keep], row[keep], dist[keep]
    bounds = np.flatnonzero(np.r_[True, track[1:] != track[:-1], True])
    changed: list[int] = []
    for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
        t = int(track[a])
        new_rows = row[a:b].tolist()
        if new_rows != rows[t]:
            rows[t] = new_rows
            d2[t] = dist[a:b].tolist()
            changed.append(t)
    return changed
