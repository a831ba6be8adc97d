"""The per-cluster passes of training: what runs inside Spark, and its results on the driver.

``neighbours_udf`` and ``visitors_udf`` build the ``applyInPandas`` functions (MinHash LSH within a
cluster, and the border probe's visitors); ``lists_by_row``, ``probe_borders``,
``neighbour_lists`` and ``fill_small_clusters`` turn their tables into each track's neighbour list.
:mod:`engine.recommend.training` runs them in order.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from engine.models import Neighbour
from engine.recommend.border import (
    apply_visits,
    border_visits,
    visitor_neighbours,
)
from engine.recommend.cluster_neighbours import cluster_neighbours, squared_distances
from engine.recommend.reasons import ReasonWriter
from engine.recommend.run_settings import RankBy
from engine.recommend.score import similarity
from engine.recommend.shingles import ShingleParams, Shingler

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


def neighbours_udf(
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
            scaler=(mean, std),
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


UDF_SCHEMA = (
    "track_id string, cluster int, ids array<string>, scores array<double>, "
    "reasons array<string>, candidates long, filled long, d2s array<double>"
)


def visitors_udf(mean: np.ndarray, std: np.ndarray, cols: list[str], n: int) -> Callable:
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


VISITORS_SCHEMA = "track_id string, ids array<string>, d2s array<double>, candidates long"


@dataclass(slots=True)
class Lists:
    """Every track's neighbour list by row: ids as rows, squared distances, and the job's
    scores/reasons (kept for lists the border step does not change)."""

    rows: list[list[int]]
    d2: list[list[float]]
    scores: list[list[float]]
    reasons: list[list[str]]


def lists_by_row(table, row_of: Mapping[str, int], n: int) -> Lists:
    lists = Lists([[] for _ in range(n)], [[] for _ in range(n)], [[]] * n, [[]] * n)
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


def probe_borders(
    spark: SparkSession,
    fit,
    cols: list[str],
    lists: Lists,
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
    udf = visitors_udf(fit.mean, fit.std, cols, n_neighbours)
    found = (
        hosts.unionByName(guests.select("track_id", "cluster", "radius2", *cols))
        .groupBy("cluster")
        .applyInPandas(udf, schema=VISITORS_SCHEMA)
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


def neighbour_lists(
    lists: Lists,
    track_ids: list[str],
    z: np.ndarray,
    names: tuple[str, ...],
    changed: list[int],
    weights: np.ndarray,
    scaler: tuple[np.ndarray, np.ndarray] | None = None,
) -> dict[str, list[Neighbour]]:
    """Final lists; scores and reasons are recomputed only where the border step changed one
    (``scaler`` produced ``z``: the reasons read raw values through it)."""
    scores, reasons = lists.scores, lists.reasons
    if changed:
        explain = ReasonWriter(names, weights, scaler=scaler)
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


def fill_small_clusters(
    neighbours: dict[str, list[Neighbour]],
    track_ids: list[str],
    z: np.ndarray,
    labels: np.ndarray,
    centroids: np.ndarray,
    n: int,
    names: tuple[str, ...],
    weights: np.ndarray,
    scaler: tuple[np.ndarray, np.ndarray] | None = None,
) -> int:
    """Top up members of clusters with ≤ ``n`` members from the nearest other clusters.

    Returns the number of neighbours borrowed.
    """
    sizes = np.bincount(labels, minlength=centroids.shape[0])
    small = [c for c in range(centroids.shape[0]) if 0 < sizes[c] <= n]
    if not small or len(track_ids) <= 1:
        return 0
    explain = ReasonWriter(names, weights, scaler=scaler)
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
