"""The training job: features → Spark k-means → per-cluster MinHash LSH neighbours → a saved run.

One SparkSession per run (``engine.spark.jobs.run_job("train", ctx)``). The steps:

1. Snapshot: the store's feature matrix is written once to Parquet with pyarrow and read back by
   Spark (``spark.read.parquet``), or sent as Arrow batches, so 100k rows never pass through the
   driver as Python objects.
2. ``VectorAssembler → StandardScaler → KMeans`` (:mod:`engine.recommend.clustering`).
3. ``groupBy("cluster").applyInPandas``: each cluster's members are shingled, MinHash-ed and
   indexed with datasketch inside a Python worker (:mod:`engine.recommend.cluster_neighbours`),
   so the LSH work spreads over the executors; a cluster larger than a block is searched block
   by block (:mod:`engine.recommend.sub_clusters`), so the search grows linearly, not
   quadratically, with the library. A small library is one group instead, searched exactly
   (:func:`engine.recommend.clustering.searched_whole`), so step 4's probe and fill are moot.
   The result is written once as Parquet beside the snapshot (or persisted on the executors'
   disks): :mod:`engine.recommend.lists_table`.
4. The border probe between clusters (:mod:`engine.recommend.border_probe`), on the driver,
   which holds every vector and, from step 3, each track's cluster, block and list radius.
   Tracks of clusters too small for ``n`` neighbours are filled from the nearest other clusters;
   clusters are named and given their top tracks.
5. The :class:`~engine.models.TrainingRun` is saved atomically while its lists stream from that
   table, a batch at a time (:mod:`engine.recommend.neighbour_stream`): a failure before the save
   completes leaves the previous run active.

On a cluster master the snapshot goes to ``spark_shared_dir`` (mounted on every worker) or, without
one, to the executors as Arrow batches (:mod:`engine.spark.snapshot`); the executors need Encore
installed, as in the backend image.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np

from engine.errors import EncoreError, ParameterError
from engine.models import Neighbour, TrainingRun
from engine.progress import Progress
from engine.recommend.border import MAX_PROBES
from engine.recommend.border_probe import probe_borders
from engine.recommend.cluster_packs import Members
from engine.recommend.cluster_summaries import summarise_clusters
from engine.recommend.clustering import column_moments, fit_kmeans, rule_k, searched_whole
from engine.recommend.lists_table import ListRow, ListsTable
from engine.recommend.metadata_block import metadata_block
from engine.recommend.neighbour_stream import NeighbourStream
from engine.recommend.recommender import Recommender
from engine.recommend.shingles import ShingleParams
from engine.recommend.spark_passes import (
    UDF_SCHEMA,
    fill_small_clusters,
    first_pass_heads,
    neighbours_udf,
)
from engine.recommend.trainable import training_refusal
from engine.recommend.weights import DEFAULT_WEIGHTING, feature_weights
from engine.run_settings import RankBy, RunSettings
from engine.spark.session import size_shuffles
from engine.spark.snapshot import features_frame
from engine.step_times import StepTimes

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

    from engine.context import Context

DEFAULT_NEIGHBOURS = 20
STEPS = ("snapshot", "kmeans", "neighbours", "borders", "summaries", "save", "packs")


class NothingToTrainError(EncoreError):
    pass


@dataclass(slots=True)
class TrainingSummary:
    run_id: str
    n_tracks: int
    k: int
    seconds: float
    neighbours_written: int
    settings: RunSettings = field(default_factory=RunSettings)

    @property
    def params(self) -> dict[str, object]:
        """The settings as ``encore train --json`` prints them."""
        return self.settings.to_dict()

    def line(self) -> str:
        return (
            f"trained on {self.n_tracks} tracks: k={self.k}, "
            f"{self.neighbours_written} neighbours written in {self.seconds:.1f} s "
            f"(run {self.run_id})"
        )


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
    refusal = training_refusal(n)
    if refusal is not None:
        raise NothingToTrainError(refusal)
    if not np.isfinite(matrix).all():
        # A NaN would poison the scaler and k-means for everyone; analysis never stores one.
        bad = track_ids[int(np.where(~np.isfinite(matrix).all(axis=1))[0][0])]
        raise EncoreError(f"track {bad}: feature vector holds NaN/inf; re-run 'encore analyze'")
    run_id = time.strftime("%Y%m%dT%H%M%S", time.gmtime()) + "-" + uuid.uuid4().hex[:8]
    step = StepTimes(progress.advance if progress is not None else None)
    timings = step.timings

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
    lists_table: ListsTable | None = None
    try:
        cols, extra = snapshot.columns[:d], snapshot.columns[d:]
        # The scaler's moments from the matrix at hand: no Spark pass (nor cache) of the
        # whole snapshot before k-means, which reads only its sample and then assigns.
        raw_mean, raw_std = column_moments(matrix)
        step("snapshot")

        weights = feature_weights(names, weighting)
        fit = fit_kmeans(
            snapshot.frame,
            cols,
            mean=raw_mean,
            std=raw_std,
            k=k,
            seed=seed,
            weights=weights,
            extra_columns=extra,
            n_rows=n,
        )
        step("kmeans")

        from pyspark.sql import functions as F

        # A small library is one exact search whatever its mixes; a larger one, one per mix.
        exact = rank == "distance" and searched_whole(n)
        udf = neighbours_udf(
            fit.mean, fit.std, names, cols, shingle_params, n_neighbours, rank, weights, exact=exact
        )
        groups = fit.assigned.groupBy(F.lit(0) if exact else F.col("cluster"))
        # The lists wait on disk until the store reads them (ListsTable, NeighbourStream).
        computed = groups.applyInPandas(udf, schema=UDF_SCHEMA)
        where = None if snapshot.directory is None else snapshot.directory / "first-pass"
        lists_table = ListsTable.keep(computed, where)
        first = lists_table.frame
        heads = first_pass_heads(first, n_neighbours)
        step("neighbours")
        assignments = dict(zip(heads["track_id"], heads["cluster"].astype(int), strict=True))
        if len(assignments) != n:
            raise EncoreError(f"training lost tracks: {n} in, {len(assignments)} assigned")
        # In place: at 1M tracks each float64 temporary of (x - mean) / std is 0.9 GB.
        z = matrix.astype(np.float64)
        z -= fit.mean
        z /= fit.std
        # The raw float32 vectors stay for the packs (0.45 GB at 1M), not a metadata copy.
        del snapshot_matrix
        row_of = {tid: i for i, tid in enumerate(track_ids)}
        order = np.array([row_of[t] for t in heads["track_id"]], dtype=np.int64)
        labels = np.empty(n, dtype=np.int64)
        labels[order] = heads["cluster"].to_numpy(dtype=np.int64)
        radius2 = np.full(n, np.inf)
        radius2[order] = heads["radius2"].to_numpy(dtype=np.float64)
        sigma = np.ones(n)
        sigma[order] = heads["sigma"].to_numpy(dtype=np.float64)
        finds: dict = {}
        visits = 0
        if border and fit.k > 1 and rank == "distance" and not exact:
            blocks = np.zeros(n, dtype=np.int64)
            blocks[order] = heads["block"].to_numpy(dtype=np.int64)
            finds, visits = probe_borders(
                z, labels, blocks, fit.centroids, radius2, track_ids, n_neighbours
            )
        step("borders")

        lists = {
            "finds": finds,
            "z": z,
            "track_ids": track_ids,
            "row_of": row_of,
            "names": names,
            "weights": weights,
            "scaler": (fit.mean, fit.std),
            "sigma": sigma,
            "n": n_neighbours,
        }
        held, borrowed = (
            ({}, 0) if exact else _small_clusters(first, fit.centroids, labels, track_ids, lists)
        )
        clusters = summarise_clusters(
            store, track_ids, z, labels, fit.centroids, names, popularity or {}, row_of
        )
        step("summaries")
        elapsed = time.perf_counter() - started
        settings = RunSettings(
            rank=rank,
            shingles=shingle_params,
            feature_weights=tuple(round(float(w), 6) for w in weights),
            border_probe=border and rank == "distance" and not exact,
            exact_search=exact,
            border_max_probes=MAX_PROBES,
            k=fit.k,
            k_rule="fixed" if k is not None else ("silhouette" if fit.silhouette else "sqrt"),
            k_from_rule=rule_k(n),
            n_tracks=n,
            n_neighbours=n_neighbours,
            weighting=weighting,
            metadata_weight=float(metadata_weight),
            seed=seed,
            silhouette={str(kk): round(float(v), 4) for kk, v in fit.silhouette.items()},
            smallest_cluster={str(kk): int(v) for kk, v in fit.smallest.items()},
            kmeans_cost=float(fit.cost),
            lsh_candidates_mean=float(heads["candidates"].mean()),
            lsh_filled_mean=float(heads["filled"].mean()),
            border_visits=visits,
            # Every find is nearer than the list's last entry, so each found-in track improved.
            border_improved_tracks=len(finds),
            borrowed_from_other_clusters=int(borrowed),
            spark_master=spark.sparkContext.master,
            snapshot=snapshot.kind,
            train_seconds=round(elapsed, 2),
            timings=timings,
        )
        stream = NeighbourStream(lists_table.rows(merging=finds), held=held, **lists)
        run = TrainingRun(
            run_id=run_id,
            created_at=time.time(),
            feature_names=tuple(names),
            scaler_mean=fit.mean,
            scaler_std=fit.std,
            centroids=fit.centroids,
            assignments=assignments,
            neighbours=stream,
            clusters=clusters,
            settings=settings,
        )
        store.save_run(run)
        step("save")
        # Each cluster's members, vectors and signatures in one stored pack, so a cold
        # on-the-fly query reads them in one go (engine.stores.cluster_pack); its own step, so
        # the benches count it (~23 s at 1M tracks).
        # From the vectors held here: reading each cluster's back from the store was a third
        # of this step at 1M tracks.
        Recommender(store).store_packs(_held_members(track_ids, matrix, labels))
        del matrix
        for frame in fit.cached:
            frame.unpersist()
    finally:
        if lists_table is not None:
            lists_table.release()
        snapshot.remove()
    step("packs")
    settings = replace(settings, timings=timings)  # the summary also reports save and packs
    return TrainingSummary(
        run_id=run_id,
        n_tracks=n,
        k=fit.k,
        seconds=time.perf_counter() - started,
        neighbours_written=stream.written,
        settings=settings,
    )


def _held_members(track_ids: list[str], matrix: np.ndarray, labels: np.ndarray) -> Members:
    """Each cluster's members, ids ascending (as ``Store.cluster_members`` lists them), and
    their vectors as analysed, from the driver's matrix."""

    def members(cluster_id: int) -> tuple[list[str], np.ndarray]:
        rows = sorted(np.flatnonzero(labels == cluster_id).tolist(), key=track_ids.__getitem__)
        return [track_ids[r] for r in rows], matrix[rows]

    return members


def _list_rows(rows: Iterable) -> Iterator[ListRow]:
    for r in rows:
        yield r["track_id"], r["listed"], len(r["d2s"]), r["d2s"]


def _small_clusters(
    first, centroids: np.ndarray, labels: np.ndarray, track_ids: list[str], lists: dict
) -> tuple[dict[str, Sequence[Neighbour]], int]:
    """Final lists of the members of clusters too small for ``n`` neighbours (few tracks, so
    collected): border finds merged, then topped up from the nearest clusters."""
    n = lists["n"]
    sizes = np.bincount(labels, minlength=centroids.shape[0])
    small = [int(c) for c in range(centroids.shape[0]) if 0 < sizes[c] <= n]
    if not small:
        return {}, 0
    rows = first.where(first["cluster"].isin(small)).collect()
    held = dict(NeighbourStream(_list_rows(rows), held={}, **lists))
    borrowed = fill_small_clusters(
        held,
        track_ids,
        lists["z"],
        labels,
        centroids,
        n,
        lists["names"],
        lists["weights"],
        lists["sigma"],
        scaler=lists["scaler"],
    )
    return held, borrowed
