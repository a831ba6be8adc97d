"""Blocks inside a large k-means cluster, so the neighbour search stops being quadratic.

The Mixes stay the Spark k-means clusters (at most 64, so one can browse them), but at a million
tracks a cluster holds ~15k tracks and an all-pairs search inside it (LSH at threshold 0.3
keeps ~75 % of a cluster as candidates) dominated training. So a cluster of more than
:data:`BLOCK_MAX` members is cut again, in its Python worker, by a small k-means into blocks of
about :data:`BLOCK_TARGET`; MinHash LSH runs per block (:func:`cluster_neighbours`), and the
border probe's exact bound (:mod:`engine.recommend.border`) sends each track to the neighbouring
blocks that can hold a nearer one, exactly as it does between clusters. The bound needs only that
every member is nearer its own block centre than any other, which the final assignment step
guarantees.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from engine.recommend.border import (
    MAX_PROBES,
    VisitorNeighbours,
    apply_visits,
    bisector_distances,
    border_visits,
    merge_lists,
    visitor_neighbours,
)
from engine.recommend.cluster_neighbours import (
    ClusterNeighbours,
    cluster_neighbours,
    nearest_excluding,
    squared_distances,
)
from engine.recommend.reasons import ReasonWriter
from engine.recommend.score import similarity
from engine.recommend.shingles import Shingler
from engine.run_settings import RankBy

# A cluster up to this size is searched as one block; larger ones are split into blocks of about
# BLOCK_TARGET (k-means does not bound sizes, so this is an average, not a cap).
BLOCK_MAX = 2048
BLOCK_TARGET = 1500
_ITERATIONS = 10
_SEED = 20261201


@dataclass(slots=True)
class Blocks:
    """A partition of one cluster's members: ``labels[i]`` is member i's block, every member
    nearer its own centre than any other (ties to the lower index)."""

    labels: np.ndarray  # (m,), int64
    centres: np.ndarray  # (b, d)

    @property
    def count(self) -> int:
        return int(self.centres.shape[0])


def nearest_centre(z: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Index of the nearest centre of each row, shape (m,)."""
    out = np.empty(z.shape[0], dtype=np.int64)
    for start in range(0, z.shape[0], 8192):
        out[start : start + 8192] = squared_distances(z[start : start + 8192], centres).argmin(1)
    return out


def block_sums(z: np.ndarray, labels: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Sum of the rows of ``z`` (shape (m, d)) per label, shape (len(counts), d): what
    ``np.add.at(sums, labels, z)`` gives, the same values (each block's rows added in their order,
    one slice of the rows sorted by label per block), where ``add.at`` took 3 % of a big
    cluster's search. ``counts``: ``np.bincount(labels)`` with one entry per block."""
    out = np.zeros((counts.size, z.shape[1]))
    ranked = z[np.argsort(labels, kind="stable")]
    ends = np.cumsum(counts)
    for b in np.flatnonzero(counts):
        # A sum down the rows adds them one after the other, as add.at does (reduceat does not).
        out[b] = ranked[ends[b] - counts[b] : ends[b]].sum(axis=0)
    return out


def one_block(z: np.ndarray) -> Blocks:
    """All of ``z`` (shape (m, d)) as a single block."""
    return Blocks(np.zeros(z.shape[0], dtype=np.int64), z.mean(axis=0, keepdims=True))


def split_cluster(
    z: np.ndarray, *, target: int = BLOCK_TARGET, max_size: int = BLOCK_MAX, seed: int = _SEED
) -> Blocks:
    """Cut one cluster's members into blocks with k-means (k-means++ seeding, Lloyd steps).

    Parameters
    ----------
    z : np.ndarray, shape (m, d)
        Standardised (weighted) vectors of the members.
    target : int
        Wanted average block size; ``ceil(m / target)`` blocks.
    max_size : int
        Clusters up to this size stay one block.
    seed : int

    Returns
    -------
    Blocks
    """
    z = np.asarray(z, dtype=np.float64)
    m = z.shape[0]
    if m <= max_size:
        return one_block(z)
    b = math.ceil(m / target)
    rng = np.random.default_rng(seed)
    centres = [z[rng.integers(m)]]
    closest = squared_distances(z, centres[0][None, :])[:, 0]
    for _ in range(1, b):
        total = closest.sum()
        pick = rng.integers(m) if total <= 0 else rng.choice(m, p=closest / total)
        centres.append(z[pick])
        closest = np.minimum(closest, squared_distances(z, z[pick][None, :])[:, 0])
    cents = np.stack(centres)
    for _ in range(_ITERATIONS):
        labels = nearest_centre(z, cents)
        counts = np.bincount(labels, minlength=b)
        filled = counts > 0
        cents[filled] = block_sums(z, labels, counts)[filled] / counts[filled, None]
    # The last step is an assignment, so the bisector bound holds for these centres.
    return Blocks(nearest_centre(z, cents), cents)


def blocked_neighbours(
    ids: Sequence[str],
    z: np.ndarray,
    *,
    n: int,
    shingler: Shingler,
    names: Sequence[str],
    rank: RankBy = "distance",
    weights: np.ndarray | None = None,
    scaler: tuple[np.ndarray, np.ndarray] | None = None,
    blocks: Blocks | None = None,
) -> tuple[ClusterNeighbours, Blocks]:
    """:func:`cluster_neighbours` over one cluster, block by block, with the border probe
    between the blocks (distance ranking; Jaccard ranking keeps each block's lists).

    Returns the lists in the members' order and the blocks (the border pass between clusters
    searches a probed cluster block by block too).
    """
    z = np.asarray(z, dtype=np.float64)
    blocks = blocks if blocks is not None else split_cluster(z)
    search = {
        "n": n,
        "shingler": shingler,
        "names": names,
        "rank": rank,
        "weights": weights,
        "scaler": scaler,
    }
    if blocks.count == 1:
        return cluster_neighbours(ids, z, **search), blocks
    m, d = z.shape
    want = min(n, m - 1)
    rows: list[list[int]] = [[] for _ in range(m)]
    d2: list[list[float]] = [[] for _ in range(m)]
    out = ClusterNeighbours(
        [[] for _ in range(m)], [[] for _ in range(m)], [[] for _ in range(m)], [0] * m, [0] * m, []
    )
    parts = [np.flatnonzero(blocks.labels == b) for b in range(blocks.count)]
    for part in parts:
        if part.size == 0:
            continue
        # Reasons are written once below, for the lists as the border visits leave them.
        found = cluster_neighbours([ids[i] for i in part], z[part], **search, explain=False)
        row_of = {ids[i]: int(i) for i in part}
        for local, i in enumerate(part):
            rows[i] = [row_of[o] for o in found.ids[local]]
            d2[i] = found.d2[local]
            out.scores[i] = found.scores[local]
            out.candidates[i] = found.candidates[local]
            out.filled[i] = found.filled[local]
    changed: set[int] = set()
    if rank == "distance":
        radius2 = np.array([r[-1] if len(r) == want else np.inf for r in d2])
        vrows, vblocks = border_visits(z, blocks.labels, blocks.centres, radius2)
        visits = []
        for b, part in enumerate(parts):
            guests = vrows[vblocks == b]
            if guests.size == 0 or part.size == 0:
                continue
            found_v = visitor_neighbours(z[part], z[guests], radius2[guests], n=want)
            visits += [
                (int(g), part[r], dd)
                for g, r, dd in zip(guests, found_v.rows, found_v.d2, strict=True)
            ]
        changed.update(apply_visits(rows, d2, visits, want))
    for i in range(m):
        if len(rows[i]) < want:  # a tiny block the capped probe could not fill: nearest members
            dist = squared_distances(z[i : i + 1], z)[0]
            taken = np.asarray(rows[i], dtype=np.int64)
            extra = nearest_excluding(dist, i, taken, want)
            rows[i] = rows[i] + extra.tolist()
            d2[i] = d2[i] + dist[extra].tolist()
            out.filled[i] += int(extra.size)
            changed.add(i)
    for i in changed:
        out.scores[i] = similarity(np.asarray(d2[i]) / d).round(6).tolist()
    explain = ReasonWriter(names, weights, scaler=scaler)
    for start in range(0, m, 512):
        stop = min(start + 512, m)
        picked = [np.asarray(rows[i], dtype=np.int64) for i in range(start, stop)]
        out.reasons[start:stop] = explain(z[start:stop], z, picked)
    out.ids = [[ids[r] for r in row] for row in rows]
    out.d2 = d2
    return out, blocks


def blocked_visitors(
    members: np.ndarray,
    member_blocks: np.ndarray,
    visitors: np.ndarray,
    radius2: np.ndarray,
    *,
    n: int,
    max_probes: int = MAX_PROBES,
) -> VisitorNeighbours:
    """:func:`visitor_neighbours` over a cluster cut into blocks: each visitor searches its
    nearest block and the blocks whose bisector with it is nearer than its radius (at most
    ``max_probes`` more), not the whole cluster.

    ``member_blocks`` are the labels the first pass used; the centres are their means, and the
    members are re-assigned to them once so that each is nearer its own centre (the bound).
    """
    members = np.asarray(members, dtype=np.float64)
    count = int(member_blocks.max()) + 1 if member_blocks.size else 1
    if count == 1:
        return visitor_neighbours(members, visitors, radius2, n=n)
    sums = np.zeros((count, members.shape[1]))
    np.add.at(sums, member_blocks, members)
    sizes = np.bincount(member_blocks, minlength=count)
    centres = sums[sizes > 0] / sizes[sizes > 0, None]
    labels = nearest_centre(members, centres)
    own = nearest_centre(visitors, centres)
    h = bisector_distances(visitors, own, centres)
    nearest = np.argsort(h, axis=1, kind="stable")[:, :max_probes]
    admitted = np.take_along_axis(h, nearest, axis=1) ** 2 < radius2[:, None]
    pv = np.concatenate([np.arange(own.size), np.repeat(np.arange(own.size), max_probes)])
    pb = np.concatenate([own, nearest.ravel()])
    keep = np.concatenate([np.ones(own.size, dtype=bool), admitted.ravel()])
    pv, pb = pv[keep], pb[keep]
    found_by: list[list[tuple[int, float]]] = [[] for _ in range(own.size)]
    inside = np.zeros(own.size, dtype=np.int64)
    for b in np.unique(pb):
        part = np.flatnonzero(labels == b)
        guests = pv[pb == b]
        if part.size == 0:
            continue
        found = visitor_neighbours(members[part], visitors[guests], radius2[guests], n=n)
        for g, r, dd, c in zip(guests, found.rows, found.d2, found.candidates, strict=True):
            inside[g] += c
            if r.size:
                found_by[g] = merge_lists(
                    found_by[g], list(zip(part[r].tolist(), dd.tolist(), strict=True)), n
                )
    out = VisitorNeighbours([], [], inside.tolist())
    for best in found_by:
        out.rows.append(np.asarray([r for r, _ in best], dtype=np.int64))
        out.d2.append(np.asarray([x for _, x in best], dtype=np.float64))
    return out
