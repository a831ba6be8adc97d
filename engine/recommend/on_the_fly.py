"""The on-the-fly search: neighbours of a song analysed after the training run, among the
run's clusters, as the training job would have found them.

The nearest centroid picks the cluster; MinHash LSH over it (the run's shingle settings,
datasketch's band rule as :class:`~engine.recommend.band_scan.BandScan`) gives candidates,
ranked as the run ranks them and filled with the nearest members when short. As in training
(:mod:`engine.recommend.border`), up to the run's probe limit of neighbouring clusters whose
bisector is nearer than the last result are searched too; runs before the border probe fill
from the next clusters in centroid order; a small library's run searched whole is searched
whole. A cluster is loaded once, from its stored pack (:mod:`engine.recommend.cluster_packs`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from engine.models import RunInfo
from engine.recommend.band_scan import BandScan
from engine.recommend.border import bisector_distances
from engine.recommend.candidate import Candidate
from engine.recommend.cluster_packs import WHOLE, Members, build_pack, stored_pack
from engine.recommend.coarse_nearest import CoarseQuery
from engine.recommend.reasons import ReasonWriter
from engine.recommend.score import similarity, squared_distance
from engine.recommend.shingles import Shingler, jaccard
from engine.stores.protocol import Store


@dataclass(slots=True)
class _ClusterIndex:
    """One cluster's members with their analysed vectors and LSH band rule."""

    ids: list[str]
    vectors: np.ndarray  # (m, d) float32, as in the pack
    bands: BandScan
    signatures: np.ndarray | None  # (m, num_perm) uint32, kept only to rank by Jaccard


@dataclass(frozen=True, slots=True)
class _Hit:
    """A member found for a query, before its reason is written."""

    score: float
    track_id: str
    scaled: np.ndarray  # (d,) standardised, for its reason


class OnTheFlySearch:
    """Neighbours among ``run``'s clusters for standardised vectors the run has not seen.

    Parameters
    ----------
    store : Store
        Where the run's cluster packs (or the members' features) are read.
    run : RunInfo
    shingler : Shingler
        The run's shingle settings.
    explain : ReasonWriter
        The run's reasons.
    standardise : callable
        ``(n, d)`` analysed vectors to the run's z-scores, float64.
    scaler : (mean, std)
        The run's scaler as ``standardise`` applies it (``std`` without zeros), float64.
    """

    def __init__(
        self,
        store: Store,
        run: RunInfo,
        shingler: Shingler,
        explain: ReasonWriter,
        standardise: Callable[[np.ndarray], np.ndarray],
        scaler: tuple[np.ndarray, np.ndarray],
    ) -> None:
        self.store = store
        self.run = run
        self._shingler = shingler
        self._explain = explain
        self._standardise = standardise
        self._mean, self._std = scaler
        self._lock = threading.Lock()
        self._clusters: dict[int, _ClusterIndex] = {}

    def cluster_ids(self) -> list[int]:
        """Every cluster a query may load (``WHOLE`` for a run that searched its library whole)."""
        return [WHOLE] if self.run.settings.exact_search else list(range(self.run.k))

    def loaded(self) -> list[int]:
        """The clusters in memory, ascending."""
        with self._lock:
            return sorted(self._clusters)

    def warm(self) -> None:
        """Load every cluster now instead of on the first query that lands in it."""
        for cluster_id in self.cluster_ids():
            self._cluster_index(cluster_id)

    def store_packs(self, members: Members | None = None) -> int:
        """Store every cluster's pack the store lacks; returns how many were written. Nothing
        is kept in memory here; ``members`` supplies the clusters' vectors (see
        :func:`~engine.recommend.cluster_packs.build_pack`)."""
        written = 0
        for cluster_id in self.cluster_ids():
            if (
                stored_pack(self.store, cluster_id, self.run, self._shingler, signatures=False)
                is None
            ):
                build_pack(
                    self.store, cluster_id, self.run, self._shingler, self._standardise, members
                )
                written += 1
        return written

    def neighbours(self, query_id: str, z: np.ndarray, limit: int) -> list[Candidate]:
        """The ``limit`` best candidates for the standardised vector ``z`` (shape ``(d,)``) of
        ``query_id``, best first; the query itself is never one."""
        run = self.run
        if run.settings.exact_search:
            # A small library was searched whole (clustering.searched_whole): so is a new song.
            whole = self._search_cluster(self._cluster_index(WHOLE), z, None, limit + 1)
            return self._explained(z, [h for h in whole if h.track_id != query_id][:limit])
        # One signature per query, whichever clusters it searches.
        signature = self._shingler.signatures(z[None, :])[0]
        order = np.argsort(((run.centroids - z) ** 2).sum(axis=1), kind="stable")
        if run.settings.rank != "distance" or not run.settings.border_probe:
            return self._explained(
                z, self._nearest_clusters_first(query_id, z, signature, order, limit)
            )
        # As the training job does (engine.recommend.border): search the own cluster, then
        # only the clusters whose bisector with it is nearer than the limit-th result.
        own = int(order[0])
        found = [
            h
            for h in self._search_cluster(self._cluster_index(own), z, signature, limit)
            if h.track_id != query_id
        ]
        d = z.shape[0]
        radius2 = squared_distance(found[limit - 1].score, d) if len(found) >= limit else np.inf
        h = bisector_distances(z[None, :], np.array([own]), run.centroids)[0]
        taken = {hit.track_id for hit in found} | {query_id}
        probes = run.settings.border_max_probes or len(h)
        for cluster_id in np.argsort(h, kind="stable")[:probes].tolist():
            if not h[cluster_id] ** 2 < radius2:
                break  # sorted by h: no later cluster passes the bound either
            index = self._cluster_index(int(cluster_id))
            for hit in self._search_cluster(index, z, signature, limit):
                if hit.track_id not in taken and squared_distance(hit.score, d) < radius2:
                    taken.add(hit.track_id)
                    found.append(hit)
        found.sort(key=lambda hit: -hit.score)
        return self._explained(z, found[:limit])

    def _nearest_clusters_first(
        self, query_id: str, z: np.ndarray, signature: np.ndarray, order: np.ndarray, limit: int
    ) -> list[_Hit]:
        """Runs without the border probe: clusters in centroid order until the list is full."""
        found: list[_Hit] = []
        taken: set[str] = {query_id}
        for cluster_id in order.tolist():
            index = self._cluster_index(int(cluster_id))
            for hit in self._search_cluster(index, z, signature, limit - len(found)):
                if hit.track_id not in taken:
                    taken.add(hit.track_id)
                    found.append(hit)
            if len(found) >= limit:
                break
        return found

    def _cluster_index(self, cluster_id: int) -> _ClusterIndex:
        """One cluster's index, or with ``WHOLE`` every member of the run."""
        with self._lock:
            cached = self._clusters.get(cluster_id)
        if cached is not None:
            return cached
        run, shingler = self.run, self._shingler
        jaccard_rank = run.settings.rank == "jaccard"
        pack = stored_pack(self.store, cluster_id, run, shingler, signatures=jaccard_rank)
        if pack is None:
            pack = build_pack(self.store, cluster_id, run, shingler, self._standardise)
        index = _ClusterIndex(
            pack.ids,
            np.asarray(pack.vectors, dtype=np.float32),
            BandScan(pack.signatures, shingler.params, hashes=pack.bands),
            pack.signatures if jaccard_rank else None,
        )
        with self._lock:
            self._clusters[cluster_id] = index
        return index

    def _search_cluster(
        self, index: _ClusterIndex, z: np.ndarray, signature: np.ndarray | None, limit: int
    ) -> list[_Hit]:
        """LSH candidates of ``signature`` (every member without one) ranked as the training
        run ranked them; a short list is filled with the nearest remaining members, so every
        query gets its full list."""
        if not index.ids or limit <= 0:
            return []
        query = CoarseQuery(index.vectors, z, self._mean, self._std, self._standardise)
        cands = np.arange(len(index.ids)) if signature is None else index.bands.query(signature)
        if index.signatures is not None and signature is not None:
            sims = jaccard(signature, index.signatures[cands])
            dist, _ = query.exact(cands)
            chosen = cands[np.lexsort((dist, -sims))][:limit]
        else:
            chosen = query.nearest(cands, limit)
        if chosen.size < limit:
            rest = np.ones(len(index.ids), dtype=bool)
            rest[chosen] = False
            fill = query.nearest(np.flatnonzero(rest), limit - chosen.size)
            chosen = np.concatenate([chosen, fill])
        dist, scaled = query.exact(chosen)
        scores = similarity(dist / z.shape[0])
        return [
            _Hit(float(score), index.ids[row], scaled[place])
            for place, (row, score) in enumerate(zip(chosen.tolist(), scores.tolist(), strict=True))
        ]

    def _explained(self, z: np.ndarray, hits: list[_Hit]) -> list[Candidate]:
        """The hits that made the list, with their reasons: only these are explained (a
        query searches up to three clusters of 20 and keeps 20)."""
        if not hits:
            return []
        scaled = np.stack([hit.scaled for hit in hits])
        reasons = self._explain(z[None, :], scaled, [np.arange(len(hits))])[0]
        return [
            Candidate(hit.track_id, hit.score, reason)
            for hit, reason in zip(hits, reasons, strict=True)
        ]
