"""The order of a neighbour list: L1 distance, locally scaled (hubness reduction).

Candidates are found by Euclidean distance — k-means, MinHash LSH and the border bound
(:mod:`engine.recommend.border`) all need it — and a track's list is its ``n`` nearest. That
set is then ordered by

    r(x, y) = L1(x, y) / sqrt(σ_x · σ_y)

where ``L1`` is the sum of absolute differences of the two standardised, weighted vectors and
``σ_x`` is the L1 distance from ``x`` to the :data:`SCALE_K`-th member of its own Euclidean list
(local scaling). Two things, both chosen by their result on all three dev corpora
(docs/training-and-recommendations.md, "List order"):

* **L1 rather than L2**: one feature far off (a clipped master, an odd tempo estimate) no longer
  outweighs many that agree; the squared difference let it.
* **Local scaling** corrects hubness: in a dense region of the space (a "hub", near everyone)
  every distance is small, so hub tracks crowd the head of every list around them. Dividing by
  both tracks' neighbourhood radii asks instead "is y as near to x as x's own neighbours are,
  and x as near to y as y's are", which is closer to mutual proximity (Schnitzer et al. 2012)
  at O(n·k) cost: each ``σ`` comes from a list the search produced anyway.

The list's set is unchanged (still the Euclidean nearest), so the border probe's exactness and
the training's streaming are untouched; only the order and the scores change. The score is
:func:`engine.recommend.score.similarity` of ``r²``: 1.0 for an identical track, 0.5 at both
tracks' :data:`SCALE_K`-th neighbour, about 0.2 for two random tracks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from engine.recommend.cluster_neighbours import ClusterNeighbours
from engine.recommend.score import similarity

# The neighbour whose distance is a track's local scale. Measured at 5, 10, 20 (docs): 10 gave
# the best same-album P@5 on the clips, the full tracks and corpus-more together.
SCALE_K = 10
# A local scale is taken among the track's Euclidean nearest this many (the training job's
# default list length), so it does not depend on how long a list the caller asked for.
SCALE_POOL = 20


# Rows of one in-place L1 block: 64 × 20 × 113 float64 is 1.2 MB.
_L1_ROWS = 64


def padded(rows: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray]:
    """Ragged index lists as a ``(c, p)`` array (padding 0) and its validity mask."""
    width = max((len(r) for r in rows), default=0)
    idx = np.zeros((len(rows), width), dtype=np.int64)
    valid = np.zeros((len(rows), width), dtype=bool)
    for i, r in enumerate(rows):
        idx[i, : len(r)] = r
        valid[i, : len(r)] = True
    return idx, valid


def l1_distances(queries: np.ndarray, z: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """``L1(queries[i], z[idx[i, j]])``, shape (c, p).

    Parameters
    ----------
    queries : np.ndarray, shape (c, d)
    z : np.ndarray, shape (m, d)
    idx : np.ndarray, shape (c, p), int
    """
    queries = np.asarray(queries, dtype=np.float64)
    out = np.empty(idx.shape)
    # A few hundred rows at a time, in place: the (rows, p, d) block stays in the CPU cache
    # (one (4096, 20, 113) temporary per step made this a quarter of training's list time).
    for start in range(0, idx.shape[0], _L1_ROWS):
        # np.take, not z[idx]: the same rows, copied in a third of the time.
        block = np.take(z, idx[start : start + _L1_ROWS], axis=0).astype(np.float64, copy=False)
        block -= queries[start : start + _L1_ROWS, None, :]
        np.abs(block, out=block)
        out[start : start + _L1_ROWS] = block.sum(axis=2)
    return out


def local_scales(l1: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """Each row's :data:`SCALE_K`-th smallest valid distance (its largest when shorter), shape
    (c,); a row without a positive distance gets 1 (it cannot scale anything)."""
    masked = np.where(valid, l1, np.inf)
    ranked = np.sort(masked, axis=1)
    count = valid.sum(axis=1)
    pick = np.clip(np.minimum(count, SCALE_K) - 1, 0, None)
    sigma = ranked[np.arange(l1.shape[0]), pick] if l1.shape[1] else np.ones(l1.shape[0])
    return np.where((count > 0) & (sigma > 0) & np.isfinite(sigma), sigma, 1.0)


def scaled_order(
    l1: np.ndarray, valid: np.ndarray, sigma_query: np.ndarray, sigma_cand: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Order of each row by ``r`` (valid entries first, ties by position) and the sorted ``r``.

    Parameters
    ----------
    l1, valid : np.ndarray, shape (c, p)
    sigma_query : np.ndarray, shape (c,)
    sigma_cand : np.ndarray, shape (c, p)

    Returns
    -------
    order : np.ndarray, shape (c, p), int — column positions, best first
    r : np.ndarray, shape (c, p) — ``r`` in that order (``inf`` for padding)
    """
    r = l1 / np.sqrt(sigma_query[:, None] * sigma_cand)
    r = np.where(valid, r, np.inf)
    order = np.argsort(r, axis=1, kind="stable")
    return order, np.take_along_axis(r, order, axis=1)


def hub_scores(r: np.ndarray) -> np.ndarray:
    """Scores of ordered neighbours from their ``r``, same shape."""
    return similarity(np.asarray(r, dtype=np.float64) ** 2)


@dataclass(slots=True)
class Ordered:
    """Lists put in ``r`` order: ``rows[i]`` best first, ``positions[i]`` where each entry was in
    the input list (to carry reasons and distances along), ``r[i]`` its ``r``."""

    rows: list[list[int]]
    positions: list[list[int]]
    r: list[list[float]]
    sigma: np.ndarray  # (m,) local scale of every row


# Lists ordered per numpy pass (bounds memory to chunk × p × d).
_CHUNK = 4096


def local_scales_of(z: np.ndarray, rows: Sequence[Sequence[int]]) -> np.ndarray:
    """:func:`local_scales` of ``z[i]`` against the first :data:`SCALE_POOL` of its list
    ``rows[i]`` (nearest first by Euclidean distance), shape (m,)."""
    z = np.asarray(z, dtype=np.float64)
    out = np.ones(len(rows))
    for start in range(0, len(rows), _CHUNK):
        idx, valid = padded([r[:SCALE_POOL] for r in rows[start : start + _CHUNK]])
        l1 = l1_distances(z[start : start + len(idx)], z, idx)
        out[start : start + len(idx)] = local_scales(l1, valid)
    return out


def order_lists(
    queries: np.ndarray,
    z: np.ndarray,
    rows: Sequence[Sequence[int]],
    sigma_query: np.ndarray,
    sigma: np.ndarray,
) -> Ordered:
    """Neighbour lists (rows of ``z``) of ``queries`` put in ``r`` order.

    Parameters
    ----------
    queries : np.ndarray, shape (c, d)
        Standardised, weighted vectors of the listed tracks.
    z : np.ndarray, shape (m, d)
        The vectors ``rows`` index into.
    rows : sequence of c index lists
        Euclidean neighbour lists (any order).
    sigma_query : np.ndarray, shape (c,)
        Local scales of the queries.
    sigma : np.ndarray, shape (m,)
        Local scales of the rows of ``z``.

    Returns
    -------
    Ordered
    """
    queries = np.asarray(queries, dtype=np.float64)
    z = np.asarray(z, dtype=np.float64)
    out = Ordered([], [], [], np.asarray(sigma_query, dtype=np.float64))
    for start in range(0, len(rows), _CHUNK):
        part = rows[start : start + _CHUNK]
        idx, valid = padded(part)
        l1 = l1_distances(queries[start : start + len(part)], z, idx)
        order, r = scaled_order(l1, valid, out.sigma[start : start + len(part)], sigma[idx])
        for i, listed in enumerate(part):
            keep = order[i, : len(listed)]
            out.positions.append(keep.tolist())
            out.rows.append(idx[i, keep].tolist())
            out.r.append(r[i, : len(listed)].tolist())
    return out


def hub_ordered(ids: Sequence[str], z: np.ndarray, found: ClusterNeighbours) -> np.ndarray:
    """Put one cluster's Euclidean lists (``found``, members' order) in ``r`` order, in place.

    Every listed track is a member (``ids``, vectors ``z``), so the local scales are the
    members' own. Returns them, shape (m,), for the lists that later reach across a border.

    Each pair's L1 distance is taken once and serves both the local scale (over the list's
    :data:`SCALE_POOL` nearest by Euclidean distance) and the order: the same numbers as
    :func:`local_scales_of` then :func:`order_lists`, which took every L1 twice.
    """
    z = np.asarray(z, dtype=np.float64)
    row_of = {t: i for i, t in enumerate(ids)}
    m = len(found.ids)
    sigma = np.ones(m)
    # Every track's scale is needed before any list is ordered; the (m, n) L1 matrix is kept
    # between the two passes (2.5 MB for a 15.6k-track cluster).
    chunks = []
    for start in range(0, m, _CHUNK):
        stop = min(start + _CHUNK, m)
        idx, valid = padded([[row_of[o] for o in listed] for listed in found.ids[start:stop]])
        d2 = np.full(idx.shape, np.inf)
        for i, dist in enumerate(found.d2[start:stop]):
            d2[i, : len(dist)] = dist
        l1 = l1_distances(z[start:stop], z, idx)
        # Rank of each entry by Euclidean distance, ties by position (a stable sort).
        by_d2 = np.argsort(d2, axis=1, kind="stable")
        rank = np.empty_like(by_d2)
        np.put_along_axis(rank, by_d2, np.arange(idx.shape[1])[None, :], axis=1)
        sigma[start:stop] = local_scales(l1, valid & (rank < SCALE_POOL))
        chunks.append((start, idx, valid, l1))
    for start, idx, valid, l1 in chunks:
        order, r = scaled_order(l1, valid, sigma[start : start + len(idx)], sigma[idx])
        scores = hub_scores(r).round(6)
        for i in range(len(idx)):
            j = start + i
            keep = order[i, : len(found.ids[j])].tolist()
            found.ids[j] = [found.ids[j][p] for p in keep]
            found.reasons[j] = [found.reasons[j][p] for p in keep]
            found.d2[j] = [found.d2[j][p] for p in keep]
            found.scores[j] = scores[i, : len(keep)].tolist()
    return sigma
