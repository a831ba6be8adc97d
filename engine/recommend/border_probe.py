"""The border probe between k-means clusters, run on the driver after the per-cluster pass.

Tracks near a cluster border search the clusters that can hold nearer tracks
(:mod:`engine.recommend.border` has the exact bound and its cap). The driver already holds every
standardised vector (the save needs them) and, from the first pass, each track's cluster, block
and list radius, so the probed clusters are searched here, block by block
(:func:`~engine.recommend.sub_clusters.blocked_visitors`), with no Spark pass: the Spark pass
this replaced joined every vector to its visitors and hosts through a shuffle and sent the finds
back through Arrow, which cost more than the search itself (100k tracks: 24 s, of which the
search is a few).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from engine.recommend.border import border_visits
from engine.recommend.sub_clusters import blocked_visitors

# (rows of the found tracks, their squared distances) per probed cluster, per visiting track.
Finds = dict[str, list[tuple[np.ndarray, np.ndarray]]]


def probe_borders(
    z: np.ndarray,
    labels: np.ndarray,
    blocks: np.ndarray,
    centroids: np.ndarray,
    radius2: np.ndarray,
    track_ids: Sequence[str],
    n: int,
) -> tuple[Finds, int]:
    """Second pass: what tracks near a border find in the clusters that can hold nearer ones.

    Parameters
    ----------
    z : np.ndarray, shape (t, d)
        Standardised, weighted vectors of every track.
    labels, blocks : np.ndarray, shape (t,), int
        Each track's cluster and its block within the cluster (the first pass's).
    centroids : np.ndarray, shape (k, d)
    radius2 : np.ndarray, shape (t,)
        Squared distance to each track's n-th neighbour after the first pass (``inf``: its list
        is short).
    track_ids : sequence of str, length t
    n : int
        List length.

    Returns
    -------
    finds : dict
        ``track_id -> [(rows of z, squared distances)]``, only members nearer than the
        visitor's n-th neighbour (every one changes its list), one entry per probed cluster.
    visits : int
        Cluster visits made.
    """
    rows, clusters = border_visits(z, labels, centroids, radius2)
    finds: Finds = {}
    if rows.size == 0:
        return finds, 0
    # Members in track-id order, as the per-cluster pass saw them (equal distances go to the
    # earlier member there and here).
    by_id = np.asarray(sorted(range(len(track_ids)), key=track_ids.__getitem__), dtype=np.int64)
    ordered_labels = labels[by_id]
    for c in np.unique(clusters).tolist():
        members = by_id[ordered_labels == c]
        guests = rows[clusters == c]
        found = blocked_visitors(z[members], blocks[members], z[guests], radius2[guests], n=n)
        for g, r, d2 in zip(guests.tolist(), found.rows, found.d2, strict=True):
            if r.size:
                finds.setdefault(track_ids[g], []).append((members[r], d2))
    return finds, int(rows.size)
