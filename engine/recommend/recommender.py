"""``Recommender``: "what next" for a track, in milliseconds, with or without a training run.

Three paths, one result type:

* **precomputed** — the track was part of the last training run: its stored neighbours.
* **on the fly** — the track was analysed after that run: its vector is standardised with the
  run's scaler and searched among the run's clusters as training would have
  (:mod:`engine.recommend.on_the_fly`). Spark is never started here.
* **first pass** — no training run yet (or the track's features have a layout the run does not
  know): exact neighbours over every analysed song (:mod:`engine.recommend.first_pass`), so
  songs are recommended the moment they are analysed.

All drop other copies of the query and of each other (:mod:`engine.library.same_song`) and
apply the same diversity rule (at most ``same_source_cap`` results sharing the query's
artist or album while other candidates remain) and attach a score in [0, 1]
(:mod:`engine.recommend.score`, as training) and a reason.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Sequence

import numpy as np

from engine.errors import EncoreError
from engine.library.same_song import distinct
from engine.models import (
    UNKNOWN_ALBUM,
    UNKNOWN_ARTIST,
    Recommendation,
    RunInfo,
    Track,
)
from engine.phrases import NO_REASON, Phrase
from engine.recommend.candidate import Candidate
from engine.recommend.cluster_packs import Members
from engine.recommend.first_pass import FirstPass
from engine.recommend.on_the_fly import OnTheFlySearch
from engine.recommend.reasons import ReasonWriter
from engine.recommend.shingles import Shingler
from engine.stores.protocol import Store

log = logging.getLogger(__name__)

DEFAULT_SAME_SOURCE_CAP = 2
# Candidates fetched per wanted result, so the diversity rule has alternatives to choose from.
OVERFETCH = 4
MIN_POOL = 20


class RecommendError(EncoreError):
    """A recommendation cannot be made (not analysed, nothing trained, unknown track)."""


class NotAnalysedError(RecommendError):
    """The song has no analysis yet: the CLI says how to run it, the desktop (running it
    already) that its similar songs are on their way."""


class Recommender:
    """Recommendations from a store's active training run.

    Parameters
    ----------
    store : Store
        Any store implementation; only protocol methods are used.
    same_source_cap : int
        At most this many results share the query's artist or album, as long as other
        candidates exist (``None`` disables the rule).
    """

    def __init__(self, store: Store, *, same_source_cap: int | None = DEFAULT_SAME_SOURCE_CAP):
        self.store = store
        self.same_source_cap = same_source_cap
        self._lock = threading.Lock()
        self._run: RunInfo | None = None
        self._loaded = False
        self._search: OnTheFlySearch | None = None
        self._std: np.ndarray | None = None
        self._explain: ReasonWriter | None = None
        self._first_pass = FirstPass(store)

    # --- run state -------------------------------------------------------------------------
    def refresh(self) -> None:
        """Forget cached run data; call after a new training run was saved."""
        with self._lock:
            self._run = None
            self._loaded = False
            self._search = None
            self._first_pass = FirstPass(self.store)

    @property
    def run(self) -> RunInfo | None:
        with self._lock:
            if not self._loaded:
                self._run = self.store.active_run()
                self._loaded = True
                if self._run is not None:
                    std = np.asarray(self._run.scaler_std, dtype=np.float64)
                    # A constant feature has std 0 in the run; it carries no information.
                    self._std = np.where(std > 0, std, 1.0)
                    settings = self._run.settings
                    shingler = Shingler(len(self._run.feature_names), settings.shingles)
                    # Runs with feature weights: reasons speak of unweighted values.
                    w = np.asarray(settings.feature_weights, dtype=float)
                    ok = w.shape == std.shape and bool((w > 0).all())
                    scaler = (np.asarray(self._run.scaler_mean, dtype=np.float64), self._std)
                    self._explain = ReasonWriter(
                        self._run.feature_names, w if ok else None, scaler=scaler
                    )
                    self._search = OnTheFlySearch(
                        self.store, self._run, shingler, self._explain, self.standardise, scaler
                    )
            return self._run

    def _require_run(self) -> RunInfo:
        run = self.run
        if run is None:
            raise RecommendError("no recommendations yet: run `encore train` first")
        return run

    def standardise(self, vectors: np.ndarray) -> np.ndarray:
        """Z-scores under the active run's scaler.

        Parameters
        ----------
        vectors : np.ndarray, shape (d,) or (n, d)

        Returns
        -------
        np.ndarray, same shape, float64
        """
        run = self._require_run()
        assert self._std is not None
        # One float64 array, divided in place (a cluster of 15.6k x 113 is 14 MB).
        scaled = np.subtract(vectors, run.scaler_mean, dtype=np.float64)
        scaled /= self._std
        return scaled

    # --- public ----------------------------------------------------------------------------
    def recommend(self, track_id: str, k: int = 5) -> list[Recommendation]:
        """The ``k`` best next tracks for ``track_id``, best first.

        Raises
        ------
        RecommendError
            Unknown track, or track not analysed yet.
        """
        if k < 1:
            return []
        query = self.store.get_track(track_id)
        if query is None:
            raise RecommendError(f"{track_id}: no such track in the library")
        pool_size = max(k * OVERFETCH, MIN_POOL)
        if self.run is None:
            return self._finish(query, self._from_first_pass(query, pool_size), k)
        candidates = self._precomputed(track_id, pool_size)
        if len(candidates) < pool_size:
            # Not in the run (analysed after training) or a short stored list: search the cluster.
            seen = {c.track_id for c in candidates} | {track_id}
            extra = self._on_the_fly(query, pool_size, need_features=not candidates)
            candidates += [c for c in extra if c.track_id not in seen]
        return self._finish(query, candidates, k)

    # --- precomputed -----------------------------------------------------------------------
    def _precomputed(self, track_id: str, limit: int) -> list[Candidate]:
        return [
            Candidate(n.track_id, float(n.score), n.reason)
            for n in self.store.neighbours(track_id, limit)
            if n.track_id != track_id
        ]

    # --- on the fly ------------------------------------------------------------------------
    def _on_the_fly(self, query: Track, limit: int, *, need_features: bool) -> list[Candidate]:
        run = self._require_run()
        features = self.store.get_features(query.track_id)
        if features is None:
            if not need_features:
                return []
            raise NotAnalysedError(f"{query.path}: not analysed yet (run `encore analyze`)")
        if tuple(features.names) != tuple(run.feature_names):
            # Analysed by a newer analysis than the run was trained on: until the next run,
            # the first pass compares it with the library as it is now.
            return self._from_first_pass(query, limit) if need_features else []
        assert self._search is not None
        return self._search.neighbours(query.track_id, self.standardise(features.vector), limit)

    # --- first pass -------------------------------------------------------------------------
    def _from_first_pass(self, query: Track, limit: int) -> list[Candidate]:
        found = self._first_pass.neighbours(query.track_id, limit)
        if not found and not self._first_pass.knows(query.track_id):
            raise NotAnalysedError(f"{query.path}: not analysed yet (run `encore analyze`)")
        return [Candidate(n.track_id, n.score, n.reason) for n in found]

    def warm(self) -> None:
        """Prepare every cluster for on-the-fly queries now (e.g. in a background thread at
        start-up), instead of on the first query that lands in each cluster; without a run,
        the first pass's matrix."""
        if self.run is None:
            self._first_pass.warm()
        elif self._search is not None:
            self._search.warm()

    def loaded_clusters(self) -> list[int]:
        """The clusters the on-the-fly search holds in memory, ascending."""
        return [] if self._search is None else self._search.loaded()

    def store_packs(self, members: Members | None = None) -> int:
        """Store every cluster's pack that the store lacks (after a training run is saved, so
        no process pays for building one); returns how many were written. Nothing is kept
        in memory here; ``members`` (training's) supplies each cluster's ids and vectors
        instead of reading them back from the store."""
        if self.run is None or self._search is None:
            return 0
        return self._search.store_packs(members)

    # --- shaping ---------------------------------------------------------------------------
    def _finish(self, query: Track, candidates: list[Candidate], k: int) -> list[Recommendation]:
        tracks = self.store.get_tracks([c.track_id for c in candidates])
        usable = [
            (tracks[c.track_id], c)
            for c in candidates
            if c.track_id in tracks
            and tracks[c.track_id].status == "ok"
            and c.track_id != query.track_id
        ]
        # Another copy of the query, or of a better candidate, is the same song: dropped, and
        # the overfetched pool fills the list from further down.
        usable = distinct(usable, lambda pair: pair[0], seeds=[query])
        chosen = diversify(query, usable, k, cap=self.same_source_cap)
        missing_reason = [c.track_id for _, c in chosen if not c.reason]
        with_run = missing_reason and self.run is not None
        reasons = self._reasons(query.track_id, missing_reason) if with_run else {}
        return [
            Recommendation(
                track, max(0.0, min(1.0, c.score)), c.reason or reasons.get(c.track_id, NO_REASON)
            )
            for track, c in chosen
        ]

    def _reasons(self, query_id: str, other_ids: Iterable[str]) -> dict[str, Phrase]:
        """Reasons for stored neighbours written before reasons existed."""
        names = self._require_run().feature_names
        ids, matrix, found_names = self.store.feature_matrix([query_id, *other_ids])
        if tuple(found_names) != tuple(names) or query_id not in ids:
            return {}
        scaled = self.standardise(matrix)
        assert self._explain is not None
        row = ids.index(query_id)
        texts = self._explain(scaled[row][None, :], scaled, [np.arange(len(ids))])[0]
        return dict(zip(ids, texts, strict=True))


def _shares_source(query: Track, other: Track) -> bool:
    same_artist = query.artist == other.artist and query.artist != UNKNOWN_ARTIST
    same_album = query.album == other.album and query.album != UNKNOWN_ALBUM
    return same_artist or same_album


def diversify(
    query: Track, ranked: Sequence[tuple[Track, Candidate]], k: int, *, cap: int | None
) -> list[tuple[Track, Candidate]]:
    """Best ``k`` of ``ranked`` with at most ``cap`` sharing the query's artist or album.

    Same-source tracks beyond the cap come back only when there are not enough others.
    The result keeps the candidates' order (best first).
    """
    if cap is None:
        return list(ranked[:k])
    picked: list[int] = []
    held_back: list[int] = []
    same = 0
    for i, (track, _) in enumerate(ranked):
        if len(picked) >= k:
            break
        if _shares_source(query, track):
            if same >= cap:
                held_back.append(i)
                continue
            same += 1
        picked.append(i)
    picked += held_back[: k - len(picked)]
    return [ranked[i] for i in sorted(picked)]
