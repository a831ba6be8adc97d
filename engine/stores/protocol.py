"""The capability every store offers: SQLite (embedded default) and MongoDB (server mode).

One behaviour suite (``tests/stores/``) runs against each implementation, so the rest of the
engine never asks which store it has.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Protocol, runtime_checkable

import numpy as np

from engine.feature_version import FEATURE_VERSION
from engine.models import (
    ClusterSummary,
    FileSignature,
    ImportFailure,
    Neighbour,
    Playlist,
    RunInfo,
    Track,
    TrackFeatures,
    TrainingRun,
)
from engine.stores.cluster_pack import ClusterPack


@runtime_checkable
class Store(Protocol):
    # --- lifecycle -------------------------------------------------------------------------
    def close(self) -> None: ...

    def exclusive(
        self, job: str, on_wait: Callable[[str], None] | None = None
    ) -> AbstractContextManager[None]:
        """Hold the library's lock for ``job`` (``"import"``, ``"analyse"``): one writer of a
        kind at a time, in this process or any other. While another holds it, ``on_wait`` gets
        one line naming the holder, then this blocks until the holder ends (or dies)."""

    # --- library ---------------------------------------------------------------------------
    def upsert_tracks(self, tracks: Iterable[Track]) -> None:
        """Insert or replace by ``track_id``; a track that moved keeps its id and history."""

    def file_index(self) -> dict[str, tuple[FileSignature, str]]:
        """``path -> (signature, track_id)`` for every present track: what a re-scan stats."""

    def mark_missing(self, track_ids: Iterable[str]) -> None:
        """The files vanished: keep the rows (and play history), flag them ``missing``."""

    def record_import_failures(
        self, failures: Iterable[tuple[ImportFailure, FileSignature]]
    ) -> None:
        """Remember files that could not be imported, with the signature they had."""

    def clear_import_failures(self, paths: Iterable[str]) -> None: ...

    def import_failures(self) -> dict[str, tuple[FileSignature, str]]:
        """``path -> (signature, reason)`` of files that failed to import."""

    def get_track(self, track_id: str) -> Track | None: ...

    def get_tracks(self, track_ids: Sequence[str]) -> dict[str, Track]: ...

    def find_by_path(self, path: str) -> Track | None: ...

    def iter_tracks(self, *, include_missing: bool = False) -> Iterator[Track]: ...

    def genres(self) -> dict[str, str]:
        """``track_id -> genre`` of the tracks of :meth:`iter_tracks` that have one, as tagged:
        what training's mix names read, without building a ``Track`` per song."""

    def track_rows(self, *, include_missing: bool = False) -> list[tuple]:
        """The light read behind big views: every track of :meth:`iter_tracks`, in the same
        order, as a plain tuple in ``Track`` field order (``Track(*row)`` rebuilds it) — no
        ``Track`` objects are built, which is most of the cost at 100k tracks."""

    def counts(self, *, feature_version: int = FEATURE_VERSION) -> dict[str, int]:
        """Counts by state: ``tracks``, ``missing``, ``import_failed``, ``analysed``,
        ``analysis_pending``, ``analysis_failed``. ``analysed`` is the length of
        :meth:`feature_matrix` and ``analysis_pending`` that of :meth:`tracks_to_analyse`
        (same version)."""

    # --- analysis --------------------------------------------------------------------------
    # The one rule: a track is analysed when the store holds a vector of ``feature_version``
    # (the engine's, engine.feature_version) for the file as it is now. A vector of an older
    # signature of the file or of another version is pending — analysed again, and in no count
    # or matrix until then; a failure counts only for the signature it was recorded for.
    def tracks_to_analyse(self, feature_version: int = FEATURE_VERSION) -> list[Track]:
        """Present tracks not analysed (the rule above) and not already failed for their
        current file signature. ``Track.analysis`` of every read follows the same rule."""

    def put_features(self, features: Iterable[TrackFeatures]) -> None: ...

    def put_analysis_failure(self, track_id: str, signature: str, reason: str) -> None: ...

    def get_features(self, track_id: str) -> TrackFeatures | None: ...

    def feature_matrix(
        self, track_ids: Sequence[str] | None = None, *, feature_version: int = FEATURE_VERSION
    ) -> tuple[list[str], np.ndarray, tuple[str, ...]]:
        """``(track_ids, matrix (n, d) float32, feature names)`` of present analysed tracks
        (the rule above), in library order."""

    def analysis_failures(self) -> dict[str, str]:
        """``track_id -> reason``."""

    # --- recommendation results ------------------------------------------------------------
    def save_run(self, run: TrainingRun) -> None:
        """Store a training run and make it the active one, atomically: a failure midway
        leaves the previous run active."""

    def active_run(self) -> RunInfo | None: ...

    def neighbours(self, track_id: str, limit: int) -> list[Neighbour]:
        """Precomputed neighbours of the active run, best first."""

    def cluster_of(self, track_id: str) -> int | None: ...

    def cluster_members(self, cluster_id: int) -> list[str]: ...

    def save_cluster_pack(self, run_id: str, pack: ClusterPack) -> None:
        """Store (or replace) one cluster's pack of run ``run_id``; nothing when that run is
        gone."""

    def cluster_pack(self, cluster_id: int, *, signatures: bool = True) -> ClusterPack | None:
        """The active run's pack of ``cluster_id`` (``-1``: a whole-library run's), or None
        when none was stored; without ``signatures`` they are left unread (None) when the pack
        has band hashes. Raises StoreError for a stored pack that does not fit."""

    def clusters(self) -> list[ClusterSummary]: ...

    # --- playlists -------------------------------------------------------------------------
    # Names are unique and kept without surrounding blanks (engine.stores.values.playlist_name);
    # a change to a playlist that does not exist raises PlaylistError.
    def playlists(self) -> list[Playlist]:
        """Every playlist with its entries, by name."""

    def get_playlist(self, name: str) -> Playlist | None: ...

    def create_playlist(self, name: str, track_ids: Sequence[str] = ()) -> Playlist:
        """A new playlist; PlaylistError if the name is taken."""

    def rename_playlist(self, name: str, new_name: str) -> None: ...

    def delete_playlist(self, name: str) -> bool:
        """Whether there was such a playlist."""

    def set_playlist_tracks(self, name: str, track_ids: Sequence[str]) -> None:
        """Replace the entries (how a reorder is saved)."""

    def add_to_playlist(
        self, name: str, track_ids: Sequence[str], *, position: int | None = None
    ) -> None:
        """Insert before ``position`` (``None``: append; negative counts from the end)."""

    def remove_from_playlist(self, name: str, track_ids: Iterable[str]) -> int:
        """Remove every entry of these tracks; returns how many entries went."""
