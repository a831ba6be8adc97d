"""One query's nearest rows of a cluster, found in float32 from the analysed vectors and settled
in float64, so the answer is the float64 search's.

The on-the-fly search used to standardise a whole cluster into float64 when it was loaded (14 MB
and ~10 ms for 15.6k songs at 1M tracks, 0.9 GB for all 64 clusters) and take every member's
float64 distance per query. Here the cluster stays as its pack's float32 vectors; the query is
moved into their space instead (``q = mean + z * std``, ``w = 1 / std``), every member's distance
is taken in float32, and only the ``k + MARGIN`` nearest are standardised in float64 and ranked
by their exact distance. A rounding bound decides whether those surely hold the ``k`` nearest;
when it cannot (members closer together than float32 tells apart), every allowed member is
settled in float64.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from engine.recommend.nearest_rows import FLOAT32_ROUNDOFF, MARGIN

# Rows per block of the float32 pass: its temporaries stay in the CPU cache.
_BLOCK_ROWS = 4096


class CoarseQuery:
    """``z``'s distances to the rows of ``vectors`` (float32 as analysed), in float32 with a
    bound on their error, and exact float64 ones on request.

    Parameters
    ----------
    vectors : np.ndarray, shape (m, d), float32
    z : np.ndarray, shape (d,), float64
        The standardised query.
    mean, std : np.ndarray, shape (d,), float64
        The run's scaler (``std`` without zeros).
    standardise : callable
        ``(n, d)`` vectors to float64 z-scores, as the run computes them.
    """

    def __init__(
        self,
        vectors: np.ndarray,
        z: np.ndarray,
        mean: np.ndarray,
        std: np.ndarray,
        standardise: Callable[[np.ndarray], np.ndarray],
    ) -> None:
        self.vectors = vectors
        self.z = z
        self._standardise = standardise
        q = mean + z * std  # the query in the analysed space
        w = 1.0 / std
        q32, w32 = q.astype(np.float32), w.astype(np.float32)
        m = len(vectors)
        approx = np.empty(m, dtype=np.float32)
        for start in range(0, m, _BLOCK_ROWS):
            diff = vectors[start : start + _BLOCK_ROWS] - q32
            diff *= w32
            diff *= diff
            diff.sum(axis=1, out=approx[start : start + _BLOCK_ROWS])
        self.approx = approx
        # Each float32 difference t~ = fl(fl(v - fl(q)) * fl(w)) is within 2u|q|w + 3u|t| of the
        # true scaled difference t, so by the triangle inequality the true distance r of a row
        # whose float32 difference has norm n satisfies (n - A) / (1 + c) <= r <= (n + A) / (1 - c)
        # with A = 2u |q w| and c = 3u (doubled here for the float64 side and slack); the
        # float32 sum of d squares is n^2 within a relative (d + 2)u.
        d = len(z)
        self._a = 4.0 * FLOAT32_ROUNDOFF * float(np.linalg.norm(q * w))
        self._c = 6.0 * FLOAT32_ROUNDOFF
        self._g = 2.0 * (d + 2) * FLOAT32_ROUNDOFF

    def exact(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Float64 squared distances of ``rows`` and their standardised vectors, the values a
        standardised whole cluster gave."""
        scaled = self._standardise(self.vectors[rows])
        diff = scaled - self.z
        diff *= diff
        return diff.sum(axis=1), scaled

    def nearest(self, allowed: np.ndarray, k: int) -> np.ndarray:
        """The ``k`` nearest of the ``allowed`` rows (ascending int64), nearest first, equal
        distances in row order — as a stable sort of their float64 distances."""
        k = min(k, allowed.size)
        if k <= 0:
            return np.zeros(0, dtype=np.int64)
        keep = k + MARGIN
        if allowed.size > keep:
            a = self.approx[allowed]
            part = np.argpartition(a, [k - 1, keep])
            kth, beyond = float(a[part[k - 1]]), float(a[part[keep]])
            upper = (np.sqrt(kth / (1.0 - self._g)) + self._a) / (1.0 - self._c)
            lower = (np.sqrt(beyond / (1.0 + self._g)) - self._a) / (1.0 + self._c)
            # Strictly farther: a member at an equal distance and a lower row would rank first.
            if lower > upper:
                allowed = np.sort(allowed[part[:keep]])
        dist, _ = self.exact(allowed)
        return allowed[np.argsort(dist, kind="stable")[:k]]
