"""The k nearest rows by squared Euclidean distance, found in float32 and settled in float64.

A float64 distance matrix (one BLAS ``dgemm`` per chunk) was the largest single cost of the
training job's per-cluster search. Here the whole matrix is taken in float32 (``sgemm``, half the
time and the memory traffic), a few more than ``k`` of the nearest are kept, and only those get
their distance in float64. A rounding bound on the float32 values decides, row by row, whether
the kept ones surely hold the k nearest; a row where it cannot (candidates closer together than
float32 can tell) is redone in float64 whole. So the result is the float64 search's, not an
approximation of it.
"""

from __future__ import annotations

import numpy as np

from engine.errors import ParameterError

# Entries kept beyond k for the float64 check, here and in the on-the-fly search
# (engine.recommend.coarse_nearest): enough that the bound almost never fails at k = 20 (a
# failure costs one float64 pass, never a wrong list).
MARGIN = 12
# float32 unit roundoff, the unit of both searches' rounding bounds.
FLOAT32_ROUNDOFF = float(np.finfo(np.float32).eps) / 2


def float32_error(d: int, q_norm: np.ndarray, x_norm_max: float) -> np.ndarray:
    """A bound on how far a float32 squared distance (norms plus ``-2 q·x`` in float32) lies from
    the float64 one, per query: the rounding of the products, conversions and sums (each term's
    error is at most about ``d·u`` of ``|q|² + |x|²``), doubled."""
    return 2.0 * (d + 8) * FLOAT32_ROUNDOFF * (np.asarray(q_norm, dtype=np.float64) + x_norm_max)


def float32_squared(
    q32: np.ndarray, x32: np.ndarray, x_norm32: np.ndarray | None = None
) -> np.ndarray:
    """``|q|² + |x|² - 2 q·x`` for every pair, in float32 (one ``sgemm``), shape (p, m):
    within :func:`float32_error` of the float64 squared distance. ``x_norm32``: the rows'
    ``|x|²`` when the caller keeps them for many chunks."""
    approx = (q32 @ x32.T) * np.float32(-2.0)
    approx += np.einsum("ij,ij->i", q32, q32)[:, None]
    approx += (np.einsum("ij,ij->i", x32, x32) if x_norm32 is None else x_norm32)[None, :]
    return approx


def exact_squared_pairs(
    a: np.ndarray, b: np.ndarray, rows: np.ndarray, cols: np.ndarray
) -> np.ndarray:
    """``|a[rows[i]] - b[cols[i]]|²`` in float64 from the differences, shape of ``rows``."""
    out = np.empty(rows.shape[0])
    for start in range(0, rows.shape[0], 16384):  # bounds the (pairs, d) difference block
        diff = np.take(b, cols[start : start + 16384], axis=0)
        diff -= np.take(a, rows[start : start + 16384], axis=0)
        np.einsum("ij,ij->i", diff, diff, out=out[start : start + 16384])
    return out


def exact_squared(a: np.ndarray, b: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """``|a[i] - b[idx[i, j]]|²`` in float64 from the differences, shape of ``idx``."""
    out = np.empty(idx.shape)
    for start in range(0, idx.shape[0], 64):  # bounds the (rows, cols, d) difference block
        # np.take copies the rows in a third of the time of b[idx] (the same values).
        diff = np.take(b, idx[start : start + 64], axis=0)
        diff -= a[start : start + 64, None, :]
        np.einsum("ijk,ijk->ij", diff, diff, out=out[start : start + 64])
    return out


def nearest_rows(
    queries: np.ndarray,
    points: np.ndarray,
    k: int,
    *,
    allowed: np.ndarray | None = None,
    points32: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Each query's ``k`` nearest points (among the allowed ones), nearest first.

    Parameters
    ----------
    queries : np.ndarray, shape (p, d), float64
    points : np.ndarray, shape (m, d), float64
    k : int, 0 <= k <= m
    allowed : np.ndarray, shape (p, m), bool, optional
        Pairs that may be chosen (LSH candidates, self excluded); default all.
    points32 : np.ndarray, shape (m, d), float32, optional
        ``points`` as float32, when the caller converts it once for many chunks.

    Returns
    -------
    rows : np.ndarray, shape (p, k), int64
        Column indices, nearest first; equal distances in order of column. A query with fewer
        than ``k`` allowed points has its others filled with disallowed columns at ``inf``.
    d2 : np.ndarray, shape (p, k), float64
        Their squared distances (``inf`` where not allowed).
    """
    queries = np.asarray(queries, dtype=np.float64)
    points = np.asarray(points, dtype=np.float64)
    p, m = queries.shape[0], points.shape[0]
    if not 0 <= k <= m:
        raise ParameterError(f"k must be between 0 and {m}, not {k}")
    if k == 0 or p == 0:
        return np.zeros((p, k), dtype=np.int64), np.zeros((p, k))
    x32 = points.astype(np.float32) if points32 is None else points32
    q32 = queries.astype(np.float32)
    x_norm = np.einsum("ij,ij->i", points, points)
    q_norm = np.einsum("ij,ij->i", queries, queries)
    approx = float32_squared(q32, x32)
    if allowed is not None:
        approx[~allowed] = np.inf
    keep = min(k + MARGIN, m)
    if keep < m:
        part = np.argpartition(approx, [k - 1, keep], axis=1)
        kth = np.take_along_axis(approx, part[:, k - 1 : k], axis=1)[:, 0]
        beyond = np.take_along_axis(approx, part[:, keep : keep + 1], axis=1)[:, 0]
        part = part[:, :keep]
        # An excluded point beyond twice the rounding bound is surely farther.
        error = float32_error(queries.shape[1], q_norm, float(x_norm.max()))
        # Past an infinite one every point is disallowed: the allowed ones are all kept.
        settled = ~(beyond <= kth + 2.0 * error) | np.isinf(beyond)
    else:
        part = np.broadcast_to(np.arange(m), (p, m))
        settled = np.ones(p, dtype=bool)
    d2 = exact_squared(queries, points, part)
    if allowed is not None:
        d2[~np.take_along_axis(allowed, part, axis=1)] = np.inf
    unsettled = np.flatnonzero(~settled)
    if unsettled.size:
        part = np.array(part)  # writable (a broadcast view is not)
    for row in unsettled:  # candidates closer together than float32 tells apart
        full = exact_squared(queries[row : row + 1], points, np.arange(m)[None, :])[0]
        if allowed is not None:
            full[~allowed[row]] = np.inf
        pick = np.argpartition(full, keep - 1)[:keep]  # the keep nearest hold the k nearest
        part[row] = pick
        d2[row] = full[pick]
    order = np.lexsort((part, d2), axis=-1)[:, :k]
    return np.take_along_axis(part, order, axis=1).astype(np.int64), np.take_along_axis(
        d2, order, axis=1
    )
