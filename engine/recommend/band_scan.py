"""MinHashLSH's candidate rule for one outside signature at a time, as a scan over band hashes.

:class:`~engine.recommend.shingles.BandIndex` sorts every band of every row once: at ~15.6k
songs (a cluster of a million-track run) that took 0.5–2 s and ~20 MB, paid by the first
on-the-fly query in the cluster. The recommender asks a handful of queries per cluster, so
here each row's ``b`` bands are hashed to one ``uint32`` each (a few milliseconds) and a query
compares its ``b`` hashes with all of them. Two different bands share a 64-bit hash at odds
of ~2^-64 per pair, so the set equals ``BandIndex``'s (a test compares them); checking each
candidate's bands again cost more than the scan (half a dense cluster is a candidate).
"""

from __future__ import annotations

import numpy as np

from engine.recommend.shingles import lsh_bands
from engine.shingle_params import ShingleParams

_MIX = np.uint64(0x9E3779B97F4A7C15)


def _band_hashes(sigs: np.ndarray, b: int, r: int) -> np.ndarray:
    """``(n, b)`` uint64: one hash of each band's ``r`` values. Value ``j`` of every band is
    the strided view ``sigs[:, j : b * r : r]``, widened one ``(n, b)`` slice at a time: a
    widened copy of the whole ``(n, b, r)`` block (17 MB at 20k rows) took most of the time."""
    h = sigs[:, 0 : b * r : r].astype(np.uint64)
    with np.errstate(over="ignore"):
        for j in range(1, r):
            h *= _MIX
            h += sigs[:, j : b * r : r]
    return h


def band_hashes(signatures: np.ndarray, params: ShingleParams) -> np.ndarray:
    """``(n, b)`` uint64 hashes of the LSH bands of ``signatures`` under ``params`` (what a
    cluster pack stores, so loading one does not hash them again)."""
    b, r = lsh_bands(params.lsh_threshold, params.num_perm)
    return _band_hashes(signatures, b, r)


class BandScan:
    """Rows of ``signatures`` sharing at least one whole band with a query signature; with
    ``hashes``, rows whose band hashes (:func:`band_hashes`) share one with the query's."""

    def __init__(
        self,
        signatures: np.ndarray | None,
        params: ShingleParams,
        *,
        hashes: np.ndarray | None = None,
    ) -> None:
        self.b, self.r = lsh_bands(params.lsh_threshold, params.num_perm)
        if hashes is None:
            if signatures is None:
                raise ValueError("BandScan needs signatures or their band hashes")
            hashes = _band_hashes(signatures, self.b, self.r)
        self._hashes = hashes

    def query(self, signature: np.ndarray) -> np.ndarray:
        """Matching rows, ascending (int64)."""
        q = np.asarray(signature, dtype=np.uint32)[None, :]
        return np.flatnonzero((self._hashes == _band_hashes(q, self.b, self.r)).any(axis=1))
