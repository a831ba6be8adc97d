"""Standardised feature vectors → shingle sets → datasketch MinHash signatures.

A track's standardised vector ``z`` (one z-score per feature) becomes a *set* of tokens so that
MinHash / LSH can find tracks whose sets overlap. Each dimension ``i`` is quantised into bins of
``bin_width`` standard deviations (clipped to ``±clip``); the track emits the token ``(i, bin)``
and, for tolerance, the tokens of the ``spread`` neighbouring bins on either side. Two tracks in the
same bin of a dimension share ``2·spread + 1`` tokens there, one bin apart ``2·spread``, and so on,
so the Jaccard similarity of the sets falls off smoothly with the per-dimension distance instead of
jumping at bin edges.

The vocabulary is finite (``n_features × n_bins`` tokens), so every token's MinHash row is
computed once with datasketch itself (:meth:`Shingler.token_table`) and a set's signature is the
element-wise minimum over its tokens' rows — by definition exactly what ``MinHash.update_batch``
produces for the same tokens, but vectorised over a whole matrix of tracks. The training job
(helper C1) and the on-the-fly recommender (helper C2) both go through :class:`Shingler`, so their
signatures agree as long as they use the same :class:`ShingleParams` (stored in the run's params).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from engine.errors import ParameterError
from engine.shingle_params import ShingleParams

if TYPE_CHECKING:
    from datasketch import LeanMinHash, MinHashLSH

# datasketch is imported where it is used: it pulls in scipy (a second at start-up), and
# `encore recommend` / the desktop's first pass need none of it.

# datasketch >= 2.0 names its permutation scheme; signatures of different schemes never mix.
SCHEME = "affine32"


class Shingler:
    """Shingles and MinHash signatures for vectors of one feature layout.

    Parameters
    ----------
    n_features : int
        Length ``d`` of the standardised vectors.
    params : ShingleParams, optional
        Shingling and hashing settings.
    """

    def __init__(self, n_features: int, params: ShingleParams | None = None) -> None:
        if n_features < 1:
            raise ParameterError(f"n_features must be >= 1, not {n_features!r}")
        self.n_features = int(n_features)
        self.params = params or ShingleParams()
        half = int(np.ceil(self.params.clip / self.params.bin_width))
        self._lo = -half  # lowest own bin
        self._n_bins = 2 * half  # own bins: [-half, half - 1]

    # --- tokens ----------------------------------------------------------------------------
    def bins(self, z: np.ndarray) -> np.ndarray:
        """Own bin index of every value.

        Parameters
        ----------
        z : np.ndarray, shape (d,) or (n, d)
            Standardised vectors.

        Returns
        -------
        np.ndarray, same shape as ``z``, int64
            Bin indices in ``[0, n_bins)`` (0 = the lowest bin).
        """
        z = np.asarray(z, dtype=np.float64)
        if z.shape[-1] != self.n_features:
            raise ParameterError(f"expected {self.n_features} features, got {z.shape[-1]}")
        z = np.nan_to_num(z, nan=0.0, posinf=self.params.clip, neginf=-self.params.clip)
        raw = np.floor(np.clip(z, -self.params.clip, self.params.clip) / self.params.bin_width)
        return np.clip(raw.astype(np.int64) - self._lo, 0, self._n_bins - 1)

    def tokens(self, z: np.ndarray) -> list[bytes]:
        """The shingle set of one vector, as datasketch input (``b"dim:bin"``).

        Parameters
        ----------
        z : np.ndarray, shape (d,)

        Returns
        -------
        list of bytes
            ``d · (2·spread + 1)`` distinct tokens (``ngram=2``: ``(d - 1) · (2·spread + 1)²``).
        """
        own = self.bins(np.asarray(z).reshape(-1)).tolist()
        s = self.params.spread
        offsets = range(-s, s + 1)
        if self.params.ngram == 1:
            return [_token(i, b + off) for i, b in enumerate(own) for off in offsets]
        return [
            _pair_token(i, own[i] + o1, own[i + 1] + o2)
            for i in range(self.n_features - 1)
            for o1 in offsets
            for o2 in offsets
        ]

    # --- signatures ------------------------------------------------------------------------
    @property
    def token_table(self) -> np.ndarray:
        """MinHash row of every own bin (``ngram=2``: pair of bins) with its spread folded in.

        Returns
        -------
        np.ndarray, uint32
            Shape ``(d, n_bins, num_perm)`` for ``ngram=1``, ``(d - 1, n_bins, n_bins,
            num_perm)`` for ``ngram=2``: the element-wise minimum of the datasketch hash values
            of the tokens that an own bin (pair) emits. Built once per process and settings.
        """
        return _token_table(self.n_features, self.params)

    def signatures(self, z: np.ndarray, *, batch: int = 8192) -> np.ndarray:
        """MinHash signatures of many vectors, equal to datasketch's over :meth:`tokens`.

        Parameters
        ----------
        z : np.ndarray, shape (n, d)
            Standardised vectors.
        batch : int
            Rows per step (keeps the working set in cache).

        Returns
        -------
        np.ndarray, shape (n, num_perm), uint32
        """
        z = np.atleast_2d(np.asarray(z))
        own = self.bins(z)
        table = self.token_table
        out = np.empty((z.shape[0], self.params.num_perm), dtype=np.uint32)
        pairs = self.params.ngram == 2
        for start in range(0, z.shape[0], batch):
            rows = own[start : start + batch]
            acc = table[0][rows[:, 0], rows[:, 1]] if pairs else table[0][rows[:, 0]]
            for i in range(1, table.shape[0]):
                np.minimum(
                    acc,
                    table[i][rows[:, i], rows[:, i + 1]] if pairs else table[i][rows[:, i]],
                    out=acc,
                )
            out[start : start + batch] = acc
        return out

    def minhash(self, z: np.ndarray) -> LeanMinHash:
        """One vector's MinHash, built through datasketch's own update path."""
        from datasketch import LeanMinHash, MinHash

        m = MinHash(num_perm=self.params.num_perm, seed=self.params.seed, scheme=SCHEME)
        m.update_batch(self.tokens(z))
        return LeanMinHash(m)

    def lean(self, signature: np.ndarray) -> LeanMinHash:
        """Wrap one row of :meth:`signatures` as a datasketch MinHash (for LSH insert/query)."""
        from datasketch import LeanMinHash

        return LeanMinHash(seed=self.params.seed, hashvalues=signature, scheme=SCHEME)

    def lsh_index(self, keys: Iterable[Hashable], signatures: np.ndarray) -> MinHashLSH:
        """An in-memory :class:`MinHashLSH` over ``keys`` (row ``j`` of ``signatures`` each)."""
        from datasketch import MinHashLSH

        lsh = MinHashLSH(threshold=self.params.lsh_threshold, num_perm=self.params.num_perm)
        with lsh.insertion_session() as session:
            for key, sig in zip(keys, signatures, strict=True):
                session.insert(key, self.lean(sig), check_duplication=False)
        return lsh


@lru_cache(maxsize=8)
def _token_table(n_features: int, params: ShingleParams) -> np.ndarray:
    """See :attr:`Shingler.token_table` (cached per worker process: Spark reuses workers, and
    every cluster of a run needs the same table)."""
    s = params.spread
    half = int(np.ceil(params.clip / params.bin_width))
    n_bins = 2 * half
    ext = n_bins + 2 * s  # own bins plus the spread beyond each edge
    if params.ngram == 1:
        tokens = [[_token(i, e - s)] for i in range(n_features) for e in range(ext)]
        shape: tuple[int, ...] = (n_features, ext)
    else:
        tokens = [
            [_pair_token(i, e1 - s, e2 - s)]
            for i in range(n_features - 1)
            for e1 in range(ext)
            for e2 in range(ext)
        ]
        shape = (n_features - 1, ext, ext)
    from datasketch import MinHash

    hashed = MinHash.bulk(tokens, num_perm=params.num_perm, seed=params.seed, scheme=SCHEME)
    single = np.stack([m.hashvalues.astype(np.uint32, copy=False) for m in hashed])
    single = single.reshape(*shape, params.num_perm)
    if params.ngram == 1:
        table = single[:, 0:n_bins]
        for off in range(1, 2 * s + 1):
            table = np.minimum(table, single[:, off : off + n_bins])
    else:
        table = single[:, 0:n_bins, 0:n_bins]
        for o1 in range(2 * s + 1):
            for o2 in range(2 * s + 1):
                table = np.minimum(table, single[:, o1 : o1 + n_bins, o2 : o2 + n_bins])
    return np.ascontiguousarray(table)


@lru_cache(maxsize=16)
def lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """``(b, r)``: bands and rows per band that datasketch's MinHashLSH picks for ``threshold``."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return int(lsh.b), int(lsh.r)


class BandIndex:
    """MinHashLSH's candidate rule over a fixed set of signatures, evaluated with numpy.

    The one place of the band rule: training (:mod:`engine.recommend.cluster_neighbours`) and
    the recommender's on-the-fly path both ask this index.

    ``MinHashLSH`` files a signature under one key per band (``r`` consecutive hash values) and
    returns every stored key that shares at least one whole band with the query. Here every
    band of every row becomes one sorted key (band number + its ``r`` values) once, so

    * :meth:`candidates` (indexed rows against all rows, for training) is one vectorised
      comparison of integer band codes per band, and
    * :meth:`query` (an outside signature, for the recommender) is one binary search of its
      ``b`` keys and a gather of the rows filed under them, instead of comparing the query
      with every signature.

    Same ``(b, r)`` as datasketch, same candidate sets (a test checks them against
    ``MinHashLSH.query``), but no Python set work per candidate, which dominated training time
    when clusters are dense (thousands of candidates per query).

    Parameters
    ----------
    signatures : np.ndarray, shape (m, num_perm)
        Rows of :meth:`Shingler.signatures`.
    params : ShingleParams
    """

    def __init__(self, signatures: np.ndarray, params: ShingleParams) -> None:
        self.b, self.r = lsh_bands(params.lsh_threshold, params.num_perm)
        sigs = np.ascontiguousarray(signatures, dtype=np.uint32)
        m = sigs.shape[0]
        self.size = m
        keys = self._keys(sigs.reshape(m, params.num_perm)[:, : self.b * self.r])  # (b, m)
        self._sorted, inverse = np.unique(keys.ravel(), return_inverse=True)
        inverse = inverse.ravel()
        # Keys differ between bands (the band number leads), so one code numbering serves all.
        self.codes = inverse.reshape(self.b, m).astype(np.int32)  # equal codes <=> equal band
        self._rows = (np.argsort(inverse, kind="stable") % max(m, 1)).astype(np.int64)
        counts = np.bincount(inverse, minlength=self._sorted.size)
        self._starts = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)

    def _keys(self, sigs: np.ndarray) -> np.ndarray:
        """``(b, n)`` opaque keys: band number followed by the band's ``r`` hash values."""
        n = sigs.shape[0]
        keyed = np.empty((self.b, n, self.r + 1), dtype=np.uint32)
        keyed[:, :, 0] = np.arange(self.b, dtype=np.uint32)[:, None]
        keyed[:, :, 1:] = sigs.reshape(n, self.b, self.r).transpose(1, 0, 2)
        return keyed.view(np.dtype((np.void, 4 * (self.r + 1)))).reshape(self.b, n)

    def query(self, signature: np.ndarray) -> np.ndarray:
        """Rows sharing at least one whole band with ``signature`` (``MinHashLSH.query``).

        Parameters
        ----------
        signature : np.ndarray, shape (num_perm,)

        Returns
        -------
        np.ndarray, shape (n_candidates,), int64
            Row numbers in ascending order.
        """
        if self.size == 0:
            return np.zeros(0, dtype=np.int64)
        sig = np.ascontiguousarray(signature, dtype=np.uint32)[None, : self.b * self.r]
        keys = self._keys(sig)[:, 0]
        pos = np.minimum(np.searchsorted(self._sorted, keys), self._sorted.size - 1)
        found = pos[self._sorted[pos] == keys]
        if found.size == 0:
            return np.zeros(0, dtype=np.int64)
        parts = [self._rows[self._starts[p] : self._starts[p + 1]] for p in found.tolist()]
        return np.unique(np.concatenate(parts))

    def candidates(self, rows: np.ndarray | range, *, among: int | None = None) -> np.ndarray:
        """Candidate matrix of some indexed rows against all rows (or the first ``among``).

        Returns
        -------
        np.ndarray, shape (len(rows), m or among), bool
            ``[i, j]`` is true when row ``rows[i]`` and row ``j`` share a band (self included).
        """
        query = self.codes[:, np.asarray(rows)]
        index = self.codes if among is None else self.codes[:, :among]
        hit = np.zeros((query.shape[1], index.shape[1]), dtype=bool)
        same = np.empty_like(hit)
        for band in range(self.b):
            np.equal(query[band][:, None], index[band][None, :], out=same)
            hit |= same
        return hit


# Rows of a set whose band test against each other estimates the share LSH keeps of it:
# 256 rows are 65k pairs, within about ±0.01 of the whole set's share on the 1M bench's blocks.
SHARE_SAMPLE = 256


def candidate_share(z: np.ndarray, shingler: Shingler) -> float:
    """The share of pairs of ``z`` (shape (m, d), standardised) that share an LSH band, from
    the band test of :data:`SHARE_SAMPLE` rows spread evenly over it (all rows when fewer);
    1.0 for fewer than two rows.

    Signatures and band test of the sample only: a few milliseconds, where the whole set's
    test is quadratic.
    """
    m = z.shape[0]
    rows = np.unique(np.linspace(0, m - 1, min(m, SHARE_SAMPLE)).round().astype(np.int64))
    if rows.size < 2:
        return 1.0
    index = BandIndex(shingler.signatures(z[rows]), shingler.params)
    hits = int(index.candidates(range(rows.size)).sum()) - rows.size  # self pairs out
    return hits / (rows.size * (rows.size - 1))


def jaccard(query: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Estimated Jaccard similarity of one signature against many.

    Parameters
    ----------
    query : np.ndarray, shape (num_perm,)
    others : np.ndarray, shape (m, num_perm)

    Returns
    -------
    np.ndarray, shape (m,), float64 in [0, 1]
    """
    others = np.atleast_2d(others)
    return (others == np.asarray(query)[None, :]).mean(axis=1)


def _token(dim: int, bin_index: int) -> bytes:
    return f"{dim}:{bin_index}".encode("ascii")


def _pair_token(dim: int, bin_a: int, bin_b: int) -> bytes:
    return f"{dim}:{bin_a}:{bin_b}".encode("ascii")
