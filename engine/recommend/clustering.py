"""k-means over the feature snapshot with Spark MLlib: the k rule, the fit, the assignment.

Pipeline: the feature columns standardised (by the mean and std the driver computed from its
matrix, :func:`column_moments`) and weighted, ``VectorAssembler`` → ``KMeans``. The scaler's
mean/std and the centroids (in scaled space) are returned so a track analysed after training can
be given its cluster without Spark.

The k rule: ``k = round(sqrt(n / 2))`` clamped to ``[2, 64]`` (and to ``n``). For libraries of at
most ``SILHOUETTE_MAX_TRACKS`` tracks, k is instead chosen by the silhouette over a small grid
around the rule (0.5, 0.67, 1 and 1.5 times the rule's k), because a small library's real structure
(a handful of albums or genres) matters more than its size there, and the extra fits cost
seconds at that size. Silhouette alone rewards splitting off a handful of outliers as their own
cluster, which makes a poor mix; so a candidate whose smallest cluster holds fewer than
``MIN_MIX_SHARE`` of an even share (``n / k``) is passed over, unless every candidate is.
k-means is fitted on a seeded sample of ``FIT_ROWS_PER_CENTRE`` rows per centre when the library
holds more (:func:`fit_rows`), then every track is assigned in one pass. The 64 cap keeps
clusters big enough (≈1.5k tracks at 100k) for LSH to have something to search and Mixes to
stay browsable.

Mixes and the neighbour search's partitions are two rules: a library of at most
``EXACT_MAX_TRACKS`` tracks is searched whole by exact distance (:func:`searched_whole`), whatever
its mixes; only a larger one is partitioned by its k-means clusters for the search.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from engine.errors import ParameterError

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

K_MIN = 2
K_MAX = 64
SILHOUETTE_MAX_TRACKS = 5000
MIN_MIX_SHARE = 0.2
# Rows k-means is fitted on, per centre (the rest are only assigned). On the synthetic 100k library
# (k = 64) a fit on 16,384 rows left the within-cluster cost of all 100k within the spread that
# the seed alone gives a fit on all of them (mean of 3 seeds 2.83e6 against 2.81e6 over 4, each
# 2.67-2.90e6) for a third of the fit's CPU; FAISS subsamples its k-means at the same 256.
FIT_ROWS_PER_CENTRE = 256
# Lloyd iterations of a fit on that sample. The fits never met Spark's tolerance within 20; on the
# synthetic 100k library (k = 64, seed 20261121) 10 left the sample's cost 0.03 % above 20's
# (466,347 against 466,214; seeds alone spread it ~8 %), for about 0.25 s less per iteration.
SAMPLED_MAX_ITER = 10
# Libraries up to this size are searched whole and exactly (one partition, every pair): there a
# k-means cut only loses neighbours (the 77 clips lost 0.036 P@5 served at the silhouette's k = 4
# against one exact search) and saves nothing — one core searches 5,000 tracks in 1.2 s.
EXACT_MAX_TRACKS = SILHOUETTE_MAX_TRACKS


def min_mix_size(n: int, k: int) -> int:
    """The smallest cluster a silhouette candidate may have to count as ``k`` real mixes."""
    return max(2, math.ceil(MIN_MIX_SHARE * n / k))


def choose_k(silhouette: dict[int, float], smallest: dict[int, int], n: int) -> int:
    """The best-silhouette k among candidates whose smallest cluster is a real mix.

    ``silhouette`` and ``smallest`` map each candidate k to its score and to the size of its
    smallest cluster. When no candidate is balanced enough, the best silhouette wins anyway.
    """
    if not silhouette:
        raise ParameterError("no k candidates to choose from")
    return max(silhouette, key=lambda kk: (smallest[kk] >= min_mix_size(n, kk), silhouette[kk]))


def rule_k(n: int, *, k_min: int = K_MIN, k_max: int = K_MAX) -> int:
    """k from the library size: ``round(sqrt(n / 2))`` clamped to ``[k_min, k_max]`` and ``n``."""
    if n < 1:
        raise ParameterError(f"cannot cluster {n} tracks")
    k = round(math.sqrt(n / 2.0))
    return max(1, min(max(k_min, min(k, k_max)), n))


def searched_whole(n: int) -> bool:
    """Whether a library of ``n`` tracks gets one exact neighbour search instead of one per
    k-means cluster (the clusters remain its mixes either way)."""
    return n <= EXACT_MAX_TRACKS


def fit_rows(n: int, k: int) -> int:
    """How many of ``n`` rows k-means with ``k`` centres is fitted on (all when few enough)."""
    return min(n, FIT_ROWS_PER_CENTRE * k)


def k_grid(n: int) -> list[int]:
    """Candidate k values for the silhouette search of a small library."""
    base = rule_k(n)
    grid = {min(K_MAX, max(K_MIN, round(base * f))) for f in (0.5, 0.67, 1.0, 1.5)}
    return sorted(k for k in grid if 2 <= k < n)


@dataclass(slots=True)
class KMeansResult:
    """What the training job keeps from the Spark fit."""

    k: int
    mean: np.ndarray  # (d,), the scaler's mean
    std: np.ndarray  # (d,), the scaler's std; 0 replaced by 1 (a constant feature scales to 0)
    centroids: np.ndarray  # (k, d), in scaled space
    assigned: DataFrame  # track_id, cluster, and the raw feature columns
    silhouette: dict[int, float]  # k -> silhouette, for the k values tried (empty: rule used)
    smallest: dict[int, int]  # k -> size of that candidate's smallest cluster (same keys)
    cost: float  # within-cluster sum of squared distances of the fitted rows (training cost)
    cached: tuple[DataFrame, ...]  # cached frames: unpersist when the job is done


def column_moments(
    matrix: np.ndarray, *, rows_per_step: int = 65536
) -> tuple[np.ndarray, np.ndarray]:
    """Mean and sample standard deviation (``ddof=1``, as Spark's ``StandardScaler``) of every
    column, in float64, a block of rows at a time (a float64 copy of a 1M-track matrix is 0.9 GB).

    Parameters
    ----------
    matrix : np.ndarray, shape (n, d)

    Returns
    -------
    mean, std : np.ndarray, shape (d,)
    """
    n = matrix.shape[0]
    mean = np.zeros(matrix.shape[1])
    for start in range(0, n, rows_per_step):
        mean += matrix[start : start + rows_per_step].sum(axis=0, dtype=np.float64)
    mean /= max(n, 1)
    squares = np.zeros(matrix.shape[1])
    for start in range(0, n, rows_per_step):
        dev = matrix[start : start + rows_per_step].astype(np.float64) - mean
        squares += np.einsum("ij,ij->j", dev, dev)
    return mean, np.sqrt(squares / max(n - 1, 1))


def fit_kmeans(
    df: DataFrame,
    feature_columns: list[str],
    *,
    mean: np.ndarray,
    std: np.ndarray,
    k: int | None = None,
    seed: int = 20261121,
    max_iter: int = 20,
    weights: np.ndarray | None = None,
    extra_columns: list[str] | None = None,
    n_rows: int | None = None,
) -> KMeansResult:
    """Standardise and cluster ``df`` (``track_id`` + ``feature_columns``) in Spark.

    Parameters
    ----------
    df : pyspark.sql.DataFrame
        One row per track: ``track_id`` and one float column per feature.
    feature_columns : list of str
        The feature columns, in vector order.
    mean, std : np.ndarray, shape (d,)
        The columns' mean and sample standard deviation (:func:`column_moments` of the matrix
        the driver wrote the snapshot from): Spark's ``StandardScaler`` took a pass over the
        whole snapshot, and a cache of it, for the same two vectors.
    k : int, optional
        Fixed k; by default the k rule / silhouette search described in the module docstring.
    seed : int
        KMeans seed, so the same snapshot gives the same clusters.
    max_iter : int
        KMeans iteration cap of a fit on all rows (a fit on a sample stops at
        :data:`SAMPLED_MAX_ITER`).
    weights : np.ndarray, shape (d,), optional
        Factors applied after standardisation (:mod:`engine.recommend.weights`); the returned
        ``std`` is divided by them, so ``(x - mean) / std`` gives the weighted vectors.
    extra_columns : list of str, optional
        Columns appended to the scaled vector as they are (the metadata block,
        :mod:`engine.recommend.metadata_block`): they shape the clusters, and the returned
        centroids keep only their ``feature_columns`` part.
    n_rows : int, optional
        The rows of ``df`` when the caller knows them (saves Spark a counting pass).
    """
    from pyspark.ml.clustering import KMeans
    from pyspark.ml.evaluation import ClusteringEvaluator
    from pyspark.ml.feature import VectorAssembler
    from pyspark.sql import functions as F

    mean = np.asarray(mean, dtype=np.float64)
    std = np.asarray(std, dtype=np.float64)
    d = len(feature_columns)
    if mean.shape != (d,) or std.shape != (d,):
        raise ParameterError(f"mean and std must hold {d} numbers each")
    w = np.ones(d) if weights is None else np.asarray(weights, dtype=np.float64)
    if w.shape != (d,) or not (w > 0).all():
        raise ParameterError(f"weights must be {d} positive numbers")
    # A constant feature scales to 0, as StandardScaler has it (its std is 0: divide by 1).
    scale = np.where(std > 0, std, 1.0) / w
    scaled_cols = [f"z{i}" for i in range(d)]

    def with_features(frame: DataFrame) -> DataFrame:
        zs = [
            ((F.col(c) - float(m)) / float(s)).alias(zc)
            for c, m, s, zc in zip(feature_columns, mean, scale, scaled_cols, strict=True)
        ]
        assembler = VectorAssembler(
            inputCols=[*scaled_cols, *(extra_columns or [])],
            outputCol="features",
            handleInvalid="keep",
        )
        return assembler.transform(frame.select("*", *zs)).drop(*scaled_cols)

    n = df.count() if n_rows is None else n_rows
    if k is not None and not 1 <= k <= n:
        raise ParameterError(f"k must be between 1 and the number of tracks ({n}), not {k}")
    search = k is None and n <= SILHOUETTE_MAX_TRACKS and len(k_grid(n)) > 1
    # k-means iterates over the vectors only; the raw columns join back for the assignment.
    # A library of many rows per centre is fitted on a seeded sample and then assigned whole:
    # each pass then costs a fraction. The silhouette's small libraries fit whole. Only the
    # rows k-means iterates over are cached: the whole snapshot is read once more, to assign.
    rows = n if search else fit_rows(n, k if k is not None else rule_k(n))
    sample = df if rows >= n else df.sample(fraction=rows / n, seed=seed)
    scaled = with_features(sample).select("features").cache()
    iterations = max_iter if rows >= n else min(max_iter, SAMPLED_MAX_ITER)

    def fit(kk: int):
        km = KMeans(k=kk, seed=seed, maxIter=iterations, featuresCol="features")
        km.setPredictionCol("cluster")
        return km.fit(scaled)

    silhouette: dict[int, float] = {}
    smallest: dict[int, int] = {}
    if k is not None:
        model = fit(k)
    elif search:
        evaluator = ClusteringEvaluator(featuresCol="features", predictionCol="cluster")
        models = {}
        for kk in k_grid(n):
            models[kk] = fit(kk)
            silhouette[kk] = float(evaluator.evaluate(models[kk].transform(scaled)))
            smallest[kk] = min(models[kk].summary.clusterSizes)
        model = models[choose_k(silhouette, smallest, n)]
    else:
        model = fit(rule_k(n))
    centroids = np.array([c for c in model.clusterCenters()], dtype=np.float64)
    centroids = centroids[:, :d]
    assigned = model.transform(with_features(df)).select("track_id", "cluster", *feature_columns)
    cost = float(model.summary.trainingCost)
    return KMeansResult(
        k=int(centroids.shape[0]),
        mean=mean,
        std=scale,
        centroids=centroids,
        assigned=assigned,
        silhouette=silhouette,
        smallest=smallest,
        cost=cost,
        cached=(scaled,),
    )


def nearest_centroid(z: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    """Cluster of each standardised vector.

    Parameters
    ----------
    z : np.ndarray, shape (n, d)
    centroids : np.ndarray, shape (k, d)

    Returns
    -------
    np.ndarray, shape (n,), int64
    """
    z = np.atleast_2d(np.asarray(z, dtype=np.float64))
    d2 = (z * z).sum(1)[:, None] - 2.0 * z @ centroids.T + (centroids * centroids).sum(1)[None, :]
    return np.argmin(d2, axis=1)
