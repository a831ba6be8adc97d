"""The training job: features → Spark k-means → per-cluster MinHash LSH neighbours → a saved run.

One SparkSession per run (``engine.spark.jobs.run_job("train", ctx)``). The steps:

1. Snapshot: the store's feature matrix is written once to Parquet with pyarrow and read back by
   Spark (``spark.read.parquet``), or sent as Arrow batches, so 100k rows never pass through the
   driver as Python objects.
2. ``VectorAssembler → StandardScaler → KMeans`` (:mod:`engine.recommend.clustering`).
3. ``groupBy("cluster").applyInPandas``: each cluster's members are shingled, MinHash-ed and
   indexed with datasketch inside a Python worker (:mod:`engine.recommend.cluster_neighbours`),
   so the LSH work spreads over the executors.
4. On the driver: tracks of clusters too small for ``n`` neighbours are filled from the nearest
   other clusters; clusters are named and given their top tracks; the
   :class:`~engine.models.TrainingRun` is saved atomically (a failure before that point leaves the
   previous run active).

On a cluster master the snapshot goes to ``spark_shared_dir`` (mounted on every worker) or, without
one, to the executors as Arrow batches (:mod:`engine.spark.snapshot`); the executors need Encore
installed, as in the backend image.
"""

from __future__ import annotations

import time
import uuid
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from engine.errors import EncoreError, ParameterError
from engine.models import ClusterSummary, Neighbour, TrainingRun
from engine.progress import Progress
from engine.recommend.border import (
    MAX_PROBES,
    apply_visits,
    border_visits,
    visitor_neighbours,
)
from engine.recommend.cluster_neighbours import (
    RankBy,
    ReasonWriter,
    cluster_neighbours,
    similarity,
    squared_distances,
)
from engine.recommend.clustering import fit_kmeans, rule_k
from engine.recommend.metadata_block import metadata_block
from engine.recommend.naming import name_clusters
from engine.recommend.shingles import ShingleParams, Shingler
from engine.recommend.weights import DEFAULT_WEIGHTING, feature_weights
from engine.spark.session import size_shuffles
from engine.spark.snapshot import features_frame

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

    from engine.context import Context

DEFAULT_NEIGHBOURS = 20
TOP_TRACKS = 25  # per cluster, for the Mixes view
STEPS = ("snapshot", "kmeans", "neighbours", "borders", "summaries", "save")


class NothingToTrainError(EncoreError):
    pass


@dataclass(slots=True)
class TrainingSummary:
    run_id: str
    n_tracks: int
    k: int
    seconds: float
    neighbours_written: int
    params: dict[str, object] = field(default_factory=dict)

    def line(self) -> str:
        return (
            f"trained on {self.n_tracks} tracks: k={self.k}, "
            f"{self.neighbours_written} neighbours written in {self.seconds:.1f} s "
            f"(run {self.run_id})"
        )


def _neighbours_udf(
    mean: np.ndarray,
    std: np.ndarray,
    names: tuple[str, ...],
    cols: list[str],
    shingle_params: ShingleParams,
    n: int,
    rank: RankBy,
    weights: np.ndarray,
) -> Callable:
    """The per-cluster function shipped to the Python workers (closes over plain data only)."""
    import pandas as pd

    params = shingle_params.to_dict()

    def per_cluster(frame: pd.DataFrame) -> pd.DataFrame:
        z = (frame[cols].to_numpy(dtype=np.float64) - mean) / std
        shingler = Shingler(len(names), ShingleParams.from_dict(params))
        found = cluster_neighbours(
            frame["track_id"].tolist(),
            z,
            n=n,
            shingler=shingler,
            names=names,
            rank=rank,
            weights=weights,
        )
        return pd.DataFrame(
            {
                "track_id": frame["track_id"].to_numpy(),
                "cluster": frame["cluster"].to_numpy(dtype=np.int32),
                "ids": found.ids,
                "scores": found.scores,
                "reasons": found.reasons,
                "candidates": np.asarray(found.candidates, dtype=np.int64),
                "filled": np.asarray(found.filled, dtype=np.int64),
                "d2s": found.d2,
            }
        )

    return per_cluster


_UDF_SCHEMA = (
    "track_id string, cluster int, ids array<string>, scores array<double>, "
    "reasons array<string>, candidates long, filled long, d2s array<double>"
)


def _visitors_udf(mean: np.ndarray, std: np.ndarray, cols: list[str], n: int) -> Callable:
    """Per-cluster search for visitors from other clusters (rows with a ``radius2``)."""
    import pandas as pd

    def per_cluster(frame: pd.DataFrame) -> pd.DataFrame:
        z = (frame[cols].to_numpy(dtype=np.float64) - mean) / std
        guest = frame["radius2"].notna().to_numpy()
        member_ids = frame["track_id"].to_numpy()[~guest]
        found = visitor_neighbours(
            z[~guest],
            z[guest],
            frame["radius2"].to_numpy(dtype=np.float64)[guest],
            n=n,
        )
        return pd.DataFrame(
            {
                "track_id": frame["track_id"].to_numpy()[guest],
                "ids": [member_ids[r].tolist() for r in found.rows],
                "d2s": [d.tolist() for d in found.d2],
                "candidates": np.asarray(found.candidates, dtype=np.int64),
            }
        )

    return per_cluster


_VISITORS_SCHEMA = "track_id string, ids array<string>, d2s array<double>, candidates long"


def train_job(
    spark: SparkSession,
    ctx: Context,
    *,
    n_neighbours: int = DEFAULT_NEIGHBOURS,
    k: int | None = None,
    rank: RankBy = "distance",
    shingle_params: ShingleParams | None = None,
    popularity: Mapping[str, float] | None = None,
    progress: Progress | None = None,
    seed: int = 20261121,
    border: bool = True,
    weighting: str = DEFAULT_WEIGHTING,
    metadata_weight: float = 0.0,
) -> TrainingSummary:
    """Train on every analysed track of ``ctx.store`` and save the run as the active one.

    Parameters
    ----------
    spark : SparkSession
    ctx : Context
    n_neighbours : int
        Neighbours stored per track.
    k : int, optional
        Fixed number of clusters; default: the rule in :mod:`engine.recommend.clustering`.
    rank : {"distance", "jaccard"}
        How LSH candidates are ordered.
    shingle_params : ShingleParams, optional
    popularity : mapping, optional
        ``track_id -> popularity score``: a cluster's top tracks are its most popular members
        first; without it, the members nearest the centroid.
    progress : Progress, optional
        Advanced once per step of :data:`STEPS`.
    seed : int
        k-means seed.
    border : bool
        Probe neighbouring clusters for tracks near a k-means border
        (:mod:`engine.recommend.border`); off gives per-cluster lists only.
    weighting : {"groups", "none"}
        Feature weights (:mod:`engine.recommend.weights`).
    metadata_weight : float
        Weight of the genre/artist/album block in k-means (:mod:`engine.recommend.metadata_block`);
        0 (default) clusters on audio alone.
    """
    started = time.perf_counter()
    if n_neighbours < 1:
        raise ParameterError(f"n_neighbours must be >= 1, not {n_neighbours}")
    if not metadata_weight >= 0:
        raise ParameterError(f"metadata weight must be >= 0, not {metadata_weight}")
    shingle_params = shingle_params or ShingleParams()
    store = ctx.store
    track_ids, matrix, names = store.feature_matrix()
    n = len(track_ids)
    if n == 0:
        raise NothingToTrainError("nothing analysed yet: run 'encore analyze' first")
    if n < 2:
        raise NothingToTrainError(f"only {n} analysed track: training needs at least 2")
    if not np.isfinite(matrix).all():
        # A NaN would poison the scaler and k-means for everyone; analysis never stores one.
        bad = track_ids[int(np.where(~np.isfinite(matrix).all(axis=1))[0][0])]
        raise EncoreError(f"track {bad}: feature vector holds NaN/inf; re-run 'encore analyze'")
    run_id = time.strftime("%Y%m%dT%H%M%S", time.gmtime()) + "-" + uuid.uuid4().hex[:8]
    timings: dict[str, float] = {}
    mark = time.perf_counter()

    def step(name: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        timings[name] = round(now - mark, 2)
        mark = now
        if progress is not None:
            progress.advance()

    # Parquet in the cache (local), in the shared dir (cluster), or Arrow batches (cluster
    # without shared storage): see engine.spark.snapshot.
    d = matrix.shape[1]
    snapshot_matrix = matrix
    if metadata_weight > 0:
        tracks = store.get_tracks(track_ids)
        meta = metadata_block((tracks.get(t) for t in track_ids), d=d, weight=metadata_weight)
        snapshot_matrix = np.hstack([matrix.astype(np.float32), meta])
    snapshot = features_frame(spark, ctx.config, run_id, track_ids, snapshot_matrix)
    # Per-cluster results come back one shuffle partition per task: keep each one small.
    size_shuffles(spark, n)
    try:
        cols, extra = snapshot.columns[:d], snapshot.columns[d:]
        df = snapshot.frame.repartition(max(spark.sparkContext.defaultParallelism, 1))
        step("snapshot")

        weights = feature_weights(names, weighting)
        fit = fit_kmeans(df, cols, k=k, seed=seed, weights=weights, extra_columns=extra)
        step("kmeans")

        udf = _neighbours_udf(
            fit.mean, fit.std, names, cols, shingle_params, n_neighbours, rank, weights
        )
        table = fit.assigned.groupBy("cluster").applyInPandas(udf, schema=_UDF_SCHEMA).toPandas()
        step("neighbours")
        assignments = dict(zip(table["track_id"], table["cluster"].astype(int), strict=True))
        if len(assignments) != n:
            raise EncoreError(f"training lost tracks: {n} in, {len(assignments)} assigned")
        z = (matrix.astype(np.float64) - fit.mean) / fit.std
        row_of = {tid: i for i, tid in enumerate(track_ids)}
        labels = np.array([assignments[tid] for tid in track_ids], dtype=np.int64)
        lists = _lists_by_row(table, row_of, n)
        border_stats: dict = {"visits": 0, "improved": 0}
        if border and fit.k > 1 and rank == "distance":
            border_stats = _probe_borders(
                spark, fit, cols, lists, z, labels, track_ids, n_neighbours
            )
        step("borders")
        for frame in fit.cached:
            frame.unpersist()
    finally:
        snapshot.remove()

    neighbours = _neighbour_lists(
        lists, track_ids, z, names, border_stats.pop("changed", []), weights
    )
    borrowed = _fill_small_clusters(
        neighbours, track_ids, z, labels, fit.centroids, n_neighbours, names, weights
    )
    clusters = _summaries(
        store, track_ids, z, labels, fit.centroids, names, popularity or {}, row_of
    )
    step("summaries")
    elapsed = time.perf_counter() - started
    params: dict[str, object] = {
        "k": fit.k,
        "k_rule": "fixed" if k is not None else ("silhouette" if fit.silhouette else "sqrt"),
        "k_from_rule": rule_k(n),
        "silhouette": {str(kk): round(v, 4) for kk, v in fit.silhouette.items()},
        "smallest_cluster": {str(kk): v for kk, v in fit.smallest.items()},
        "kmeans_cost": fit.cost,
        "n_tracks": n,
        "n_neighbours": n_neighbours,
        "rank": rank,
        "weighting": weighting,
        "metadata_weight": metadata_weight,
        "feature_weights": [round(float(w), 6) for w in weights],
        "shingles": shingle_params.to_dict(),
        "lsh_candidates_mean": float(table["candidates"].mean()),
        "lsh_filled_mean": float(table["filled"].mean()),
        "border_probe": border and rank == "distance",
        "border_max_probes": MAX_PROBES,
        "border_visits": border_stats["visits"],
        "border_improved_tracks": border_stats["improved"],
        "borrowed_from_other_clusters": borrowed,
        "spark_master": spark.sparkContext.master,
        "snapshot": snapshot.kind,
        "train_seconds": round(elapsed, 2),
        "timings": timings,
        "seed": seed,
    }
    run = TrainingRun(
        run_id=run_id,
        created_at=time.time(),
        feature_names=tuple(names),
        scaler_mean=fit.mean,
        scaler_std=fit.std,
        centroids=fit.centroids,
        assignments=assignments,
        neighbours=neighbours,
        clusters=clusters,
        params=params,
    )
    store.save_run(run)
    step("save")
    return TrainingSummary(
        run_id=run_id,
        n_tracks=n,
        k=fit.k,
        seconds=time.perf_counter() - started,
        neighbours_written=sum(len(v) for v in neighbours.values()),
        params=params,
    )


@dataclass(slots=True)
class _Lists:
    """Every track's neighbour list by row: ids as rows, squared distances, and the job's
    scores/reasons (kept for lists the border step does not change)."""

    rows: list[list[int]]
    d2: list[list[float]]
    scores: list[list[float]]
    reasons: list[list[str]]


def _lists_by_row(table, row_of: Mapping[str, int], n: int) -> _Lists:
    lists = _Lists([[] for _ in range(n)], [[] for _ in range(n)], [[]] * n, [[]] * n)
    for tid, ids, d2s, scores, reasons in zip(
        table["track_id"],
        table["ids"],
        table["d2s"],
        table["scores"],
        table["reasons"],
        strict=True,
    ):
        row = row_of[tid]
        lists.rows[row] = [row_of[o] for o in ids]
        lists.d2[row] = [float(x) for x in d2s]
        lists.scores[row] = [float(x) for x in scores]
        lists.reasons[row] = list(reasons)
    return lists


def _probe_borders(
    spark: SparkSession,
    fit,
    cols: list[str],
    lists: _Lists,
    z: np.ndarray,
    labels: np.ndarray,
    track_ids: list[str],
    n_neighbours: int,
) -> dict:
    """Second pass: tracks near a border search the clusters that can hold nearer tracks.

    Only ``(track_id, cluster, radius²)`` triples leave the driver; the visitors' vectors are
    joined in Spark, and each probed cluster is searched in a Python worker like the first pass.
    """
    import pandas as pd

    full = np.array([len(r) == n_neighbours for r in lists.rows])
    radius2 = np.where(full, [d[-1] if d else np.inf for d in lists.d2], np.inf)
    rows, clusters = border_visits(z, labels, fit.centroids, radius2)
    if rows.size == 0:
        return {"visits": 0, "improved": 0, "changed": []}
    visits = spark.createDataFrame(
        pd.DataFrame(
            {
                "track_id": [track_ids[r] for r in rows],
                "cluster": clusters.astype(np.int32),
                "radius2": radius2[rows],
            }
        )
    )
    guests = visits.join(fit.assigned.select("track_id", *cols), "track_id")
    probed = visits.select("cluster").distinct()
    hosts = fit.assigned.join(probed, "cluster").selectExpr(
        "track_id", "cluster", "CAST(NULL AS DOUBLE) AS radius2", *cols
    )
    udf = _visitors_udf(fit.mean, fit.std, cols, n_neighbours)
    found = (
        hosts.unionByName(guests.select("track_id", "cluster", "radius2", *cols))
        .groupBy("cluster")
        .applyInPandas(udf, schema=_VISITORS_SCHEMA)
        .toPandas()
    )
    row_of = {tid: i for i, tid in enumerate(track_ids)}
    changed = apply_visits(
        lists.rows,
        lists.d2,
        [
            (row_of[tid], [row_of[o] for o in ids], d2s)
            for tid, ids, d2s in zip(found["track_id"], found["ids"], found["d2s"], strict=True)
        ],
        n_neighbours,
    )
    return {"visits": int(rows.size), "improved": len(changed), "changed": changed}


def _neighbour_lists(
    lists: _Lists,
    track_ids: list[str],
    z: np.ndarray,
    names: tuple[str, ...],
    changed: list[int],
    weights: np.ndarray,
) -> dict[str, list[Neighbour]]:
    """Final lists; scores and reasons are recomputed only where the border step changed one."""
    scores, reasons = lists.scores, lists.reasons
    if changed:
        explain = ReasonWriter(names, weights)
        for start in range(0, len(changed), 512):
            part = changed[start : start + 512]
            picked = [np.asarray(lists.rows[r], dtype=np.int64) for r in part]
            texts = explain(z[part], z, picked)
            for row, text in zip(part, texts, strict=True):
                msd = np.asarray(lists.d2[row]) / z.shape[1]
                scores[row] = similarity(msd).round(6).tolist()
                reasons[row] = text
    return {
        tid: [
            Neighbour(track_ids[o], float(s), r)
            for o, s, r in zip(lists.rows[i], scores[i], reasons[i], strict=True)
        ]
        for i, tid in enumerate(track_ids)
    }


def _fill_small_clusters(
    neighbours: dict[str, list[Neighbour]],
    track_ids: list[str],
    z: np.ndarray,
    labels: np.ndarray,
    centroids: np.ndarray,
    n: int,
    names: tuple[str, ...],
    weights: np.ndarray,
) -> int:
    """Top up members of clusters with ≤ ``n`` members from the nearest other clusters.

    Returns the number of neighbours borrowed.
    """
    sizes = np.bincount(labels, minlength=centroids.shape[0])
    small = [c for c in range(centroids.shape[0]) if 0 < sizes[c] <= n]
    if not small or len(track_ids) <= 1:
        return 0
    explain = ReasonWriter(names, weights)
    centre_d2 = squared_distances(centroids, centroids)
    borrowed = 0
    for c in small:
        # Pool: members of the nearest other clusters until they can fill every list.
        pool: list[int] = []
        for other in np.argsort(centre_d2[c], kind="stable"):
            if other == c or sizes[other] == 0:
                continue
            pool.extend(np.flatnonzero(labels == other).tolist())
            if len(pool) >= n:
                break
        if not pool:
            continue
        pool_arr = np.asarray(pool, dtype=np.int64)
        members = np.flatnonzero(labels == c)
        d2 = squared_distances(z[members], z[pool_arr])
        picked = []
        for row, member in enumerate(members):
            have = neighbours.get(track_ids[member], [])
            need = n - len(have)
            picked.append(pool_arr[np.argsort(d2[row], kind="stable")[: max(need, 0)]])
        texts = explain(z[members], z, picked)
        for row, member in enumerate(members):
            extra = picked[row]
            msd = squared_distances(z[member : member + 1], z[extra])[0] / z.shape[1]
            scores = similarity(msd)
            tid = track_ids[member]
            neighbours[tid] = neighbours.get(tid, []) + [
                Neighbour(track_ids[j], round(float(s), 6), r)
                for j, s, r in zip(extra, scores, texts[row], strict=True)
            ]
            borrowed += len(extra)
    return borrowed


def _summaries(
    store,
    track_ids: list[str],
    z: np.ndarray,
    labels: np.ndarray,
    centroids: np.ndarray,
    names: tuple[str, ...],
    popularity: Mapping[str, float],
    row_of: Mapping[str, int],
) -> list[ClusterSummary]:
    """Cluster names and top tracks: popular members first, then those nearest the centroid."""
    k = centroids.shape[0]
    sizes = np.bincount(labels, minlength=k)
    genres: dict[int, Counter[str]] = {c: Counter() for c in range(k)}
    for track in store.iter_tracks():
        row = row_of.get(track.track_id)
        if row is not None and track.genre:
            genres[int(labels[row])][track.genre.strip()] += 1
    titles = name_clusters(
        centroids, names, sizes={c: int(sizes[c]) for c in range(k)}, genres=genres
    )
    summaries = []
    for c in range(k):
        members = np.flatnonzero(labels == c)
        if members.size == 0:
            continue
        d2 = ((z[members] - centroids[c]) ** 2).sum(axis=1)
        pop = np.array([popularity.get(track_ids[m], 0.0) for m in members])
        has_pop = pop > 0
        # Popular (scored) members first by score, then everyone else nearest the centroid.
        order = np.lexsort((d2, -pop, ~has_pop))
        top = tuple(track_ids[members[i]] for i in order[:TOP_TRACKS])
        summaries.append(ClusterSummary(c, titles[c], int(members.size), top))
    return summaries
