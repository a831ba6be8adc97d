"""Top-N neighbours of every track inside one k-means cluster, via MinHash LSH.

This is the per-cluster body of the training job (run by Spark's ``applyInPandas``, one call per
cluster), kept free of Spark so it can be tested and measured on its own.

For each track the cluster's LSH banding yields candidates (tracks whose shingle sets probably
have Jaccard ≥ the threshold): datasketch's ``MinHashLSH`` rule with its ``(b, r)``, evaluated for a
whole chunk of queries at once by :class:`~engine.recommend.shingles.BandIndex` (the same candidate
sets as ``MinHashLSH.query``, tested; per-query Python set work made dense clusters slow).
Candidates are ranked by the exact distance (``rank="distance"``, default) or by estimated
Jaccard (``rank="jaccard"``). Ranked by distance, a set where the band test would keep at
least :data:`PRUNES_BELOW` of the pairs (:func:`~engine.recommend.shingles.candidate_share`, a
sample's test) is searched without it: every member is a candidate. The distances are one
matrix product over the whole set either way, so such a filter buys no time; it costs the
signatures and the band test (a ninth of a 15.6k-track cluster's search at 1M tracks, where
LSH kept 96 % of every block) and drops a few true neighbours.
When LSH returns fewer than ``n`` candidates the list is filled with the nearest remaining
members of the cluster, so every track of a big-enough cluster gets ``n`` neighbours. With
``exact`` every member is a candidate (a small library searched whole,
:func:`engine.recommend.clustering.searched_whole`): the lists are the exact nearest.

Scores: :func:`engine.recommend.score.similarity`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from engine.errors import ParameterError
from engine.phrases import Phrase
from engine.recommend.nearest_rows import nearest_rows
from engine.recommend.reasons import ReasonWriter
from engine.recommend.score import similarity
from engine.recommend.shingles import BandIndex, Shingler, candidate_share
from engine.run_settings import RankBy

# Rows of the within-cluster distance matrix computed at once (bounds memory to chunk × m).
_CHUNK = 512
# A band test keeping this share of a set's pairs or more does not prune it: skipped.
PRUNES_BELOW = 0.9


@dataclass(slots=True)
class ClusterNeighbours:
    """Neighbour lists of one cluster's members, in the members' order."""

    ids: list[list[str]]
    scores: list[list[float]]
    reasons: list[list[Phrase]]
    candidates: list[int]  # per track: candidates LSH returned (self excluded)
    filled: list[int]  # per track: neighbours that came from the nearest-by-distance fill
    d2: list[list[float]]  # squared distances of the neighbours (for merging across borders)


def squared_distances(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Squared Euclidean distances.

    Parameters
    ----------
    a : np.ndarray, shape (p, d)
    b : np.ndarray, shape (q, d)

    Returns
    -------
    np.ndarray, shape (p, q), float64, clipped at 0
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    d2 = (a * a).sum(1)[:, None] + (b * b).sum(1)[None, :] - 2.0 * (a @ b.T)
    return np.maximum(d2, 0.0)


def cluster_neighbours(
    ids: Sequence[str],
    z: np.ndarray,
    *,
    n: int,
    shingler: Shingler,
    names: Sequence[str],
    rank: RankBy = "distance",
    weights: np.ndarray | None = None,
    scaler: tuple[np.ndarray, np.ndarray] | None = None,
    explain: bool = True,
    exact: bool = False,
) -> ClusterNeighbours:
    """Neighbours of every member of one cluster.

    Parameters
    ----------
    ids : sequence of str, length m
        Track ids of the cluster's members.
    z : np.ndarray, shape (m, d)
        Their standardised feature vectors.
    n : int
        Neighbours wanted per track (fewer when the cluster has fewer than ``n + 1`` members).
    shingler : Shingler
        Shingling and MinHash settings of the run.
    names : sequence of str, length d
        Feature names (for the reasons).
    rank : {"distance", "jaccard"}
        Order of LSH candidates.
    weights : np.ndarray, shape (d,), optional
        Feature weights already applied to ``z`` (:mod:`engine.recommend.weights`); the
        reasons undo them.
    scaler : (mean, std), optional
        The scaler that produced ``z``, so reasons can name concrete traits
        (:class:`~engine.recommend.reasons.ReasonWriter`).
    explain : bool
        Write the reasons; ``False`` leaves them empty for a caller that changes the lists
        and writes the reasons of the final ones once.
    exact : bool
        Skip LSH: every member is a candidate (distance ranking only). Ranked by distance, a
        set where the band test would not prune (:data:`PRUNES_BELOW`) is searched so too.

    Returns
    -------
    ClusterNeighbours
    """
    if rank not in ("distance", "jaccard"):
        raise ParameterError(f"rank must be 'distance' or 'jaccard', not {rank!r}")
    if exact and rank != "distance":
        raise ParameterError("an exact search ranks by distance, not by Jaccard")
    z = np.asarray(z, dtype=np.float64)
    m, d = z.shape
    if len(ids) != m:
        raise ParameterError(f"{len(ids)} ids for {m} vectors")
    want = min(n, m - 1)
    out = ClusterNeighbours([], [], [], [], [], [])
    if want <= 0:
        out.ids = [[] for _ in range(m)]
        out.scores = [[] for _ in range(m)]
        out.reasons = [[] for _ in range(m)]
        out.candidates = [0] * m
        out.filled = [0] * m
        out.d2 = [[] for _ in range(m)]
        return out
    if rank == "distance" and not exact:
        exact = candidate_share(z, shingler) >= PRUNES_BELOW
    sigs = None if exact else shingler.signatures(z)
    bands = None if sigs is None else BandIndex(sigs, shingler.params)
    writer = ReasonWriter(names, weights, scaler=scaler)
    z32 = z.astype(np.float32) if rank == "distance" else None
    id_array = np.empty(m, dtype=object)
    id_array[:] = list(ids)
    for start in range(0, m, _CHUNK):
        rows = range(start, min(start + _CHUNK, m))
        hits = np.ones((len(rows), m), dtype=bool) if bands is None else bands.candidates(rows)
        hits[np.arange(len(rows)), np.arange(start, rows.stop)] = False
        out.candidates.extend(hits.sum(axis=1).tolist())
        if rank == "distance":
            # The whole chunk at once (one Python step per track cost ~1 s of a 15k cluster),
            # in float32 and settled in float64 (engine.recommend.nearest_rows).
            top, top_d2 = nearest_rows(z[start : rows.stop], z, want, allowed=hits, points32=z32)
            found = np.isfinite(top_d2).sum(axis=1)
        else:
            d2 = squared_distances(z[start : rows.stop], z)
        if rank == "distance" and (found == want).all():
            # Every list of the chunk full (the common case): one numpy step, no loop per track.
            out.filled.extend([0] * len(rows))
            out.ids.extend(id_array[top].tolist())
            out.d2.extend(top_d2.tolist())
            out.scores.extend(similarity(top_d2 / d).round(6).tolist())
            if explain:
                out.reasons.extend(writer(z[start : rows.stop], z, list(top)))
            else:
                out.reasons.extend([] for _ in rows)
            continue
        picked: list[np.ndarray] = []
        for local, j in enumerate(rows):
            if rank == "distance":
                chosen = top[local, : found[local]]
                near = top_d2[local, : found[local]]
            else:
                assert sigs is not None  # Jaccard ranking is never exact (refused above)
                dist = d2[local]
                cands = np.flatnonzero(hits[local])
                jac = (sigs[cands] == sigs[j]).mean(axis=1)
                # Jaccard first, distance breaks its (frequent) ties.
                chosen = cands[np.lexsort((dist[cands], -jac))][:want]
                near = dist[chosen]
            out.filled.append(want - int(chosen.size))
            if chosen.size < want:
                dist = squared_distances(z[j : j + 1], z)[0]
                extra = nearest_excluding(dist, j, chosen, want)
                chosen = np.concatenate([chosen, extra])
                near = np.concatenate([near, dist[extra]])
            out.ids.append([ids[i] for i in chosen])
            out.d2.append(near.tolist())
            picked.append(chosen)
        chosen_d2 = [np.asarray(row) for row in out.d2[start : rows.stop]]
        out.scores.extend(similarity(x / d).round(6).tolist() for x in chosen_d2)
        if explain:
            out.reasons.extend(writer(z[start : rows.stop], z, picked))
        else:
            out.reasons.extend([] for _ in picked)
    return out


def smallest_per_row(values: np.ndarray, k: int) -> np.ndarray:
    """Column indices of the ``k`` smallest values of each row, smallest first; equal values
    in order of column (which of several equal to the k-th are kept is the partition's choice,
    as it was for the one-row search this replaced).

    Parameters
    ----------
    values : np.ndarray, shape (r, c)
    k : int, 0 <= k <= c

    Returns
    -------
    np.ndarray, shape (r, k), int64
    """
    if k <= 0:
        return np.zeros((values.shape[0], 0), dtype=np.int64)
    if k < values.shape[1]:
        part = np.argpartition(values, k - 1, axis=1)[:, :k]
    else:
        part = np.broadcast_to(np.arange(values.shape[1]), values.shape)
    vals = np.take_along_axis(values, part, axis=1)
    order = np.lexsort((part, vals), axis=-1)
    return np.take_along_axis(part, order, axis=1).astype(np.int64)


def nearest_excluding(dist: np.ndarray, self_row: int, taken: np.ndarray, want: int) -> np.ndarray:
    """The nearest rows not yet taken (and not ``self_row``), enough to reach ``want``."""
    masked = dist.copy()
    masked[self_row] = np.inf
    masked[taken] = np.inf
    missing = want - taken.size
    pick = np.argpartition(masked, missing - 1)[:missing] if missing < masked.size else None
    if pick is None:
        pick = np.arange(masked.size)
    pick = pick[np.isfinite(masked[pick])]
    return pick[np.argsort(masked[pick], kind="stable")]
