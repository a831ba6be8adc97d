"""A training run's cluster packs as the recommender reads them: the stored one when it fits the
run, else one built from the members' features and stored for the next process.

A pack (:mod:`engine.stores.cluster_pack`) holds what an on-the-fly query needs of a cluster in
one read; runs saved before packs existed, or a store that refused one, still serve.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

import numpy as np

from engine.errors import StoreError
from engine.models import RunInfo
from engine.recommend.band_scan import band_hashes
from engine.recommend.shingles import Shingler, lsh_bands
from engine.stores.cluster_pack import ClusterPack
from engine.stores.protocol import Store

log = logging.getLogger(__name__)

# The pack key of a run's whole library (a small library's run searched it whole).
WHOLE = -1

# A cluster's members (ids ascending) and their vectors as analysed, shape (m, d) float32:
# what a process that holds them (training) hands over instead of reading them back.
Members = Callable[[int], tuple[Sequence[str], np.ndarray]]


def stored_pack(
    store: Store, cluster_id: int, run: RunInfo, shingler: Shingler, *, signatures: bool = True
) -> ClusterPack | None:
    """The store's pack of the cluster, if it has one that fits the run; its signatures may be
    left unread (None) without ``signatures`` when it has band hashes."""
    try:
        pack = store.cluster_pack(cluster_id, signatures=signatures)
    except StoreError as exc:
        log.warning("%s; building it again from the features", exc)
        return None
    if pack is None:
        return None
    b, _ = lsh_bands(shingler.params.lsh_threshold, shingler.params.num_perm)
    fits = pack.vectors.shape[1:] == (len(run.feature_names),)
    if pack.signatures is not None:
        fits = fits and pack.signatures.shape[1:] == (shingler.params.num_perm,)
    if pack.bands is not None:
        fits = fits and pack.bands.shape[1:] == (b,)
    return pack if fits else None


def build_pack(
    store: Store,
    cluster_id: int,
    run: RunInfo,
    shingler: Shingler,
    standardise: Callable[[np.ndarray], np.ndarray],
    members: Members | None = None,
) -> ClusterPack:
    """The cluster from its members' features, stored for the next process; a store that
    cannot keep it is only logged. ``standardise`` applies the run's scaler; ``members``, when
    given, supplies a cluster's ids and vectors (not the whole library's) instead of the store."""
    if members is not None and cluster_id != WHOLE:
        ids, matrix = members(cluster_id)
    else:
        clusters = range(run.k) if cluster_id == WHOLE else [cluster_id]
        listed = [t for c in clusters for t in store.cluster_members(c)]
        ids, matrix, names = store.feature_matrix(listed)
        if not ids or tuple(names) != tuple(run.feature_names):
            ids, matrix = [], np.zeros((0, shingler.n_features), dtype=np.float32)
    signatures = shingler.signatures(standardise(matrix))
    pack = ClusterPack(
        cluster_id,
        list(ids),
        np.asarray(matrix, dtype=np.float32),
        signatures,
        band_hashes(signatures, shingler.params),
    )
    try:
        store.save_cluster_pack(run.run_id, pack)
    except StoreError as exc:
        log.warning("cluster %d not stored for later: %s", cluster_id, exc)
    return pack
