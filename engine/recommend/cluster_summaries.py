"""Each trained cluster's summary for the Mixes view: its name and its top tracks.

Built on the driver from what training already holds (the standardised matrix, the labels, the
centroids); only the genres are read from the store, in one query.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from engine.models import ClusterSummary
from engine.recommend.naming import name_clusters

if TYPE_CHECKING:
    from engine.stores.protocol import Store

TOP_TRACKS = 25  # per cluster, for the Mixes view


def summarise_clusters(
    store: Store,
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
    # One query for the genres: reading every track as an object for them took 16 s at 1M.
    for track_id, genre in store.genres().items():
        row = row_of.get(track_id)
        if row is not None:
            genres[int(labels[row])][genre.strip()] += 1
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
