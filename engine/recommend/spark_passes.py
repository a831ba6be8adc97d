"""The per-cluster passes of training: what runs inside Spark, and its results on the driver.

``neighbours_udf`` builds the ``applyInPandas`` function (MinHash LSH within a cluster's blocks),
``first_pass_heads`` brings its small per-track figures to the driver, where the border probe
runs (:mod:`engine.recommend.border_probe`), and ``fill_small_clusters`` tops up the lists of
tiny clusters; the lists reach the store through
:class:`~engine.recommend.neighbour_stream.NeighbourStream`.
:mod:`engine.recommend.training` runs them in order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from engine.models import Neighbour
from engine.recommend.cluster_neighbours import cluster_neighbours, squared_distances
from engine.recommend.hubness import hub_ordered, hub_scores, order_lists
from engine.recommend.reasons import ReasonWriter
from engine.recommend.shingles import ShingleParams, Shingler
from engine.recommend.sub_clusters import blocked_neighbours, one_block
from engine.run_settings import RankBy
from engine.stored_list import list_texts

if TYPE_CHECKING:
    from pyspark.sql import DataFrame


def neighbours_udf(
    mean: np.ndarray,
    std: np.ndarray,
    names: tuple[str, ...],
    cols: list[str],
    shingle_params: ShingleParams,
    n: int,
    rank: RankBy,
    weights: np.ndarray,
    *,
    exact: bool = False,
) -> Callable:
    """The per-cluster function shipped to the Python workers (closes over plain data only).

    With ``exact`` its one group is the whole (small) library, searched by exact distance in one
    block (:func:`engine.recommend.clustering.searched_whole`).
    """
    import pandas as pd

    params = shingle_params.to_dict()

    def per_cluster(frame: pd.DataFrame) -> pd.DataFrame:
        # Spark's row order within a group varies; the blocks' k-means seeding should not.
        frame = frame.sort_values("track_id", kind="stable", ignore_index=True)
        # Row-major: pandas hands the columns over column-major, and every row gather of the
        # search (candidates, lists, reasons) then strided through memory.
        z = np.ascontiguousarray((frame[cols].to_numpy(dtype=np.float64) - mean) / std)
        search = {
            "n": n,
            "shingler": Shingler(len(names), ShingleParams.from_dict(params)),
            "names": names,
            "rank": rank,
            "weights": weights,
            "scaler": (mean, std),
        }
        ids = frame["track_id"].tolist()
        if exact:
            found = cluster_neighbours(ids, z, exact=True, **search)
            blocks = one_block(z)
        else:
            found, blocks = blocked_neighbours(ids, z, **search)
        sigma = hub_ordered(frame["track_id"].tolist(), z, found)
        return pd.DataFrame(
            {
                "track_id": frame["track_id"].to_numpy(),
                "cluster": frame["cluster"].to_numpy(dtype=np.int32),
                "block": blocks.labels.astype(np.int32),
                # The list as the store keeps it, encoded here on both cores: the driver
                # copies the text of every list the border probe leaves as it is.
                "listed": list_texts(found.ids, found.scores, found.reasons),
                "candidates": np.asarray(found.candidates, dtype=np.int64),
                "filled": np.asarray(found.filled, dtype=np.int64),
                "d2s": found.d2,
                "sigma": sigma,
            }
        )

    return per_cluster


UDF_SCHEMA = (
    "track_id string, cluster int, block int, listed string, "
    "candidates long, filled long, d2s array<double>, sigma double"
)


def first_pass_heads(first: DataFrame, n: int):
    """What the driver keeps of the first pass (one small row per track): cluster, block, the
    squared radius of a full list (``inf`` when the cluster could not fill it; the list is in hub
    order, so its largest distance), the local scale (:mod:`engine.recommend.hubness`) and the LSH
    counts."""
    from pyspark.sql import functions as F

    radius = F.when(F.size("d2s") == n, F.array_max("d2s")).otherwise(float("inf"))
    return first.select(
        "track_id", "cluster", "block", radius.alias("radius2"), "sigma", "candidates", "filled"
    ).toPandas()


def fill_small_clusters(
    neighbours: dict[str, Sequence[Neighbour]],
    track_ids: list[str],
    z: np.ndarray,
    labels: np.ndarray,
    centroids: np.ndarray,
    n: int,
    names: tuple[str, ...],
    weights: np.ndarray,
    sigma: np.ndarray,
    scaler: tuple[np.ndarray, np.ndarray] | None = None,
) -> int:
    """Top up members of clusters with ≤ ``n`` members from the nearest other clusters, then
    put each whole list in hub order (``sigma``: every row's local scale,
    :mod:`engine.recommend.hubness`).

    Returns the number of neighbours borrowed.
    """
    sizes = np.bincount(labels, minlength=centroids.shape[0])
    small = [c for c in range(centroids.shape[0]) if 0 < sizes[c] <= n]
    if not small or len(track_ids) <= 1:
        return 0
    explain = ReasonWriter(names, weights, scaler=scaler)
    centre_d2 = squared_distances(centroids, centroids)
    row_of = {t: i for i, t in enumerate(track_ids)}
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
        lists = []
        for row, member in enumerate(members):
            have = [row_of[nb.track_id] for nb in neighbours.get(track_ids[member], [])]
            need = max(n - len(have), 0)
            extra = pool_arr[np.argsort(d2[row], kind="stable")[:need]]
            borrowed += len(extra)
            lists.append(have + extra.tolist())
        ordered = order_lists(z[members], z, lists, sigma[members], sigma)
        picked = [np.asarray(r, dtype=np.int64) for r in ordered.rows]
        texts = explain(z[members], z, picked)
        for row, member in enumerate(members):
            scores = hub_scores(np.asarray(ordered.r[row])).round(6)
            neighbours[track_ids[member]] = [
                Neighbour(track_ids[j], float(s), r)
                for j, s, r in zip(picked[row].tolist(), scores, texts[row], strict=True)
            ]
    return borrowed
