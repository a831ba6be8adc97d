"""The training job's algorithm without Spark, for benchmarks that train many times.

Same steps as ``encore train`` (standardise → k-means → shingles → MinHash LSH per cluster →
top-N neighbours with scores and reasons): the per-cluster step is the training job's own
:func:`engine.recommend.cluster_neighbours.cluster_neighbours`; only k-means is numpy's Lloyd
instead of Spark MLlib's, all in this process so the quality
benchmark can sweep settings in seconds and the speed benchmark can build a 100k-track run
without a JVM. It is NOT used by the product; ``engine/recommend/training.py`` is.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

import numpy as np

from engine.models import ClusterSummary, Neighbour, TrainingRun
from engine.phrases import NO_REASON, phrase
from engine.recommend.border import (
    MAX_PROBES,
    apply_visits,
    border_visits,
    visitor_neighbours,
)
from engine.recommend.cluster_neighbours import cluster_neighbours
from engine.recommend.clustering import column_moments
from engine.recommend.hubness import hub_scores, local_scales_of, order_lists
from engine.recommend.reasons import ReasonWriter
from engine.recommend.score import similarity
from engine.recommend.shingles import ShingleParams, Shingler
from engine.recommend.weights import DEFAULT_WEIGHTING, feature_weights
from engine.run_settings import RunSettings

Ranking = Literal["jaccard", "distance"]


def standardise(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Spark StandardScaler(withMean, withStd): sample std (ddof=1), zero std left as 1.

    Parameters
    ----------
    matrix : np.ndarray, shape (n, d)

    Returns
    -------
    scaled : np.ndarray, shape (n, d), float64
    mean, std : np.ndarray, shape (d,), float64
    """
    # The job's own moments (column_moments), so the in-process rows train on its scale.
    mean, std = column_moments(matrix)
    return (np.asarray(matrix, dtype=np.float64) - mean) / np.where(std > 0, std, 1.0), mean, std


def kmeans(
    x: np.ndarray, k: int, *, seed: int = 1, iters: int = 40
) -> tuple[np.ndarray, np.ndarray]:
    """Lloyd's k-means with k-means++ seeding.

    Parameters
    ----------
    x : np.ndarray, shape (n, d)
    k : int
        Clusters (clamped to n).

    Returns
    -------
    centroids : np.ndarray, shape (k, d)
    labels : np.ndarray, shape (n,), int64
    """
    rng = np.random.default_rng(seed)
    n = x.shape[0]
    k = max(1, min(k, n))
    centroids = np.empty((k, x.shape[1]))
    centroids[0] = x[rng.integers(n)]
    closest = ((x - centroids[0]) ** 2).sum(axis=1)
    for j in range(1, k):
        total = closest.sum()
        pick = rng.choice(n, p=closest / total) if total > 0 else rng.integers(n)
        centroids[j] = x[pick]
        closest = np.minimum(closest, ((x - centroids[j]) ** 2).sum(axis=1))
    labels = np.zeros(n, dtype=np.int64)
    x_sq = (x**2).sum(axis=1)[:, None]
    for _ in range(iters):
        dist = x_sq - 2 * x @ centroids.T + (centroids**2).sum(axis=1)[None, :]
        new = dist.argmin(axis=1)
        for j in range(k):
            members = x[new == j]
            if len(members):
                centroids[j] = members.mean(axis=0)
        if np.array_equal(new, labels):
            break
        labels = new
    return centroids, labels


def train_in_process(
    ids: Sequence[str],
    matrix: np.ndarray,
    names: Sequence[str],
    *,
    k: int,
    shingles: ShingleParams | None = None,
    n_neighbours: int = 20,
    ranking: Ranking = "distance",
    use_lsh: bool = True,
    with_reasons: bool = True,
    seed: int = 1,
    border: bool = True,
    weighting: str = DEFAULT_WEIGHTING,
    hub_order: bool = True,
) -> TrainingRun:
    """A complete :class:`TrainingRun` for ``matrix`` (shape (n, d)), trained with numpy.

    Small clusters borrow neighbours from the nearest other members by distance, so every
    track gets ``min(n_neighbours, n - 1)`` neighbours, as the Spark job promises. With
    ``hub_order`` (the job's behaviour) every list is then put in hub order with the local
    scales of the per-cluster lists (:mod:`engine.recommend.hubness`); without it the lists
    stay in Euclidean order, as before that step existed.
    """
    params = shingles or ShingleParams()
    z, mean, std = standardise(matrix)
    # As the job: weights folded into the scaler (std / w), reasons undo them.
    weights = feature_weights(tuple(names), weighting)
    z = z * weights
    std = np.where(std > 0, std, 1.0) / weights
    centroids, labels = kmeans(z, k, seed=seed)
    shingler = Shingler(z.shape[1], params)
    names = tuple(names)
    n = len(ids)
    rows: list[list[int]] = [[] for _ in range(n)]
    d2: list[list[float]] = [[] for _ in range(n)]
    for cluster in range(centroids.shape[0]):
        members = np.flatnonzero(labels == cluster)
        if len(members) == 0:
            continue
        # The training job's own per-cluster body (what Spark's applyInPandas runs).
        found = cluster_neighbours(
            [str(r) for r in members],
            z[members],
            n=n_neighbours,
            shingler=shingler,
            names=names,
            rank=ranking,
            weights=weights,
            scaler=(mean, std),
        )
        for local, row in enumerate(members.tolist()):
            rows[row] = [int(j) for j in found.ids[local]]
            d2[row] = list(found.d2[local])
    sigma = local_scales_of(z, rows)  # from the per-cluster lists, as the job's first pass
    if border and ranking == "distance" and centroids.shape[0] > 1:
        # The job's second pass: tracks near a border probe the clusters that can hold nearer
        # tracks (engine.recommend.border), merged by distance.
        full = np.array([len(r) == n_neighbours for r in rows])
        radius2 = np.where(full, [x[-1] if x else np.inf for x in d2], np.inf)
        visit_rows, visit_clusters = border_visits(z, labels, centroids, radius2)
        visits = []
        for cluster in np.unique(visit_clusters):
            members = np.flatnonzero(labels == cluster)
            guests = visit_rows[visit_clusters == cluster]
            found_v = visitor_neighbours(z[members], z[guests], radius2[guests], n=n_neighbours)
            visits += [
                (int(g), members[r], dd)
                for g, r, dd in zip(guests, found_v.rows, found_v.d2, strict=True)
            ]
        apply_visits(rows, d2, visits, n_neighbours)
    neighbours: dict[str, list[Neighbour]] = {}
    explain = ReasonWriter(names, weights, scaler=(mean, std))
    for row in range(n):
        scores = similarity(np.asarray(d2[row], dtype=np.float64) / z.shape[1])
        chosen = [(j, float(s)) for j, s in zip(rows[row], scores, strict=True)]
        if len(chosen) < min(n_neighbours, n - 1):
            chosen += _fill_outside(z, row, labels, n_neighbours - len(chosen))
        picked = [j for j, _ in chosen]
        if hub_order:
            ordered = order_lists(z[row][None, :], z, [picked], sigma[row : row + 1], sigma)
            picked = ordered.rows[0]
            chosen = list(
                zip(picked, hub_scores(np.asarray(ordered.r[0])).round(6).tolist(), strict=True)
            )
        reasons = (
            explain(z[row][None, :], z, [np.asarray(picked, dtype=np.int64)])[0]
            if with_reasons
            else [NO_REASON] * len(chosen)
        )
        neighbours[ids[row]] = [
            Neighbour(ids[j], s, r) for (j, s), r in zip(chosen, reasons, strict=True)
        ]
    return assemble_run(
        ids,
        z,
        (mean, std),
        centroids,
        labels,
        neighbours,
        names,
        settings=RunSettings(
            k=int(centroids.shape[0]),
            shingles=params,
            rank=ranking,
            border_probe=border and ranking == "distance",
            border_max_probes=MAX_PROBES,
            weighting=weighting,
            feature_weights=tuple(float(w) for w in weights),
        ),
    )


def assemble_run(
    ids: Sequence[str],
    z: np.ndarray,
    scaler: tuple[np.ndarray, np.ndarray],
    centroids: np.ndarray,
    labels: np.ndarray,
    neighbours: Mapping[str, Sequence[Neighbour]] | Iterable[tuple[str, Sequence[Neighbour]]],
    names: tuple[str, ...],
    *,
    settings: RunSettings,
) -> TrainingRun:
    """A :class:`TrainingRun` around clustering results, with each mix summarised by its size
    and the 10 tracks nearest its centroid (as the training job names them).

    Parameters
    ----------
    ids : sequence of str, length n
    z : np.ndarray, shape (n, d)
        Standardised features.
    scaler : (mean, std), each np.ndarray of shape (d,)
    centroids : np.ndarray, shape (k, d)
    labels : np.ndarray, shape (n,)
        Cluster of each row.
    """
    clusters = []
    for cluster in range(centroids.shape[0]):
        rows = np.flatnonzero(labels == cluster)
        near = rows[np.argsort(((z[rows] - centroids[cluster]) ** 2).sum(axis=1))[:10]]
        clusters.append(
            ClusterSummary(
                cluster,
                phrase("mix", phrase("word_balanced"), number=cluster + 1),
                len(rows),
                tuple(ids[i] for i in near),
            )
        )
    return TrainingRun(
        run_id=uuid.uuid4().hex,
        created_at=time.time(),
        feature_names=names,
        scaler_mean=scaler[0],
        scaler_std=scaler[1],
        centroids=centroids,
        assignments={ids[i]: int(c) for i, c in enumerate(labels)},
        neighbours=neighbours,
        clusters=clusters,
        settings=settings,
    )


def _fill_outside(
    z: np.ndarray, row: int, labels: np.ndarray, count: int
) -> list[tuple[int, float]]:
    """Nearest tracks of other clusters, for a cluster too small to fill a list."""
    others = np.flatnonzero(labels != labels[row])
    dist = ((z[others] - z[row]) ** 2).sum(axis=1)
    best = others[np.argsort(dist, kind="stable")[:count]]
    scores = similarity(((z[best] - z[row]) ** 2).mean(axis=1))
    return [(int(j), float(s)) for j, s in zip(best, scores, strict=True)]
