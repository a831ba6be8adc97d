"""Plain data shared by every layer: tracks, analysis results, recommendations.

These are deliberately free of I/O; stores and the wire format serialise them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Literal

import numpy as np

from engine.phrases import NO_REASON, Phrase
from engine.run_settings import RunSettings

TrackStatus = Literal["ok", "missing"]
AnalysisStatus = Literal["pending", "analysed", "failed"]

UNKNOWN_ARTIST = "Unknown artist"
UNKNOWN_ALBUM = "Unknown album"


@dataclass(frozen=True, slots=True)
class FileSignature:
    """What a re-scan compares to decide whether a file must be read again."""

    size: int
    mtime_ns: int

    def token(self) -> str:
        return f"{self.size}:{self.mtime_ns}"


@dataclass(frozen=True, slots=True)
class Track:
    track_id: str
    path: str
    title: str
    artist: str = UNKNOWN_ARTIST
    album: str = UNKNOWN_ALBUM
    album_artist: str = ""
    genre: str = ""
    track_no: int | None = None
    disc_no: int | None = None
    year: int | None = None
    duration: float = 0.0
    has_cover: bool = False
    size: int = 0
    mtime_ns: int = 0
    status: TrackStatus = "ok"
    analysis: AnalysisStatus = "pending"
    analysis_error: str | None = None

    @property
    def signature(self) -> FileSignature:
        return FileSignature(self.size, self.mtime_ns)


def row_positions(*names: str) -> tuple[int, ...]:
    """Where the ``Track`` fields ``names`` stand in a store row (``Store.track_rows``: a
    plain tuple in ``Track`` field order), for code that reads rows without building Tracks."""
    order = {f.name: i for i, f in enumerate(fields(Track))}
    return tuple(order[name] for name in names)


@dataclass(frozen=True, slots=True)
class ImportFailure:
    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class TrackFeatures:
    """One analysed track: a fixed-length float32 vector named by ``names``."""

    track_id: str
    vector: np.ndarray  # shape (n_features,), float32
    names: tuple[str, ...]
    version: int
    signature: str  # FileSignature.token() of the file that was analysed

    def __post_init__(self) -> None:
        if self.vector.shape != (len(self.names),):
            raise ValueError(
                f"feature vector has shape {self.vector.shape}, expected ({len(self.names)},)"
            )


@dataclass(frozen=True, slots=True)
class Neighbour:
    track_id: str
    score: float  # higher is closer, in [0, 1]
    reason: Phrase = NO_REASON


@dataclass(frozen=True, slots=True)
class ClusterSummary:
    cluster_id: int
    name: Phrase  # a "mix" phrase (engine.recommend.naming), or one stored as text before
    size: int
    top_track_ids: tuple[str, ...] = ()


@dataclass(slots=True)
class TrainingRun:
    """Everything a training run produces; a store saves it atomically and versioned."""

    run_id: str
    created_at: float
    feature_names: tuple[str, ...]
    scaler_mean: np.ndarray  # (n_features,)
    scaler_std: np.ndarray  # (n_features,)
    centroids: np.ndarray  # (k, n_features), in scaled space
    assignments: dict[str, int]  # track_id -> cluster id
    # track_id -> best first; or, from training, ``(track_id, list)`` pairs read once while the
    # store saves the run (a million lists never sit in the driver at once)
    neighbours: Mapping[str, Sequence[Neighbour]] | Iterable[tuple[str, Sequence[Neighbour]]]
    clusters: list[ClusterSummary]
    settings: RunSettings = field(default_factory=RunSettings)

    @property
    def k(self) -> int:
        return int(self.centroids.shape[0])

    def neighbour_items(self) -> Iterator[tuple[str, Sequence[Neighbour]]]:
        """Every track's list, as pairs; a stream can be read only once."""
        if isinstance(self.neighbours, Mapping):
            return iter(self.neighbours.items())
        return iter(self.neighbours)


@dataclass(frozen=True, slots=True)
class RunInfo:
    """The active training run without its bulky per-track tables."""

    run_id: str
    created_at: float
    feature_names: tuple[str, ...]
    scaler_mean: np.ndarray
    scaler_std: np.ndarray
    centroids: np.ndarray
    settings: RunSettings
    n_tracks: int

    @property
    def k(self) -> int:
        return int(self.centroids.shape[0])


@dataclass(frozen=True, slots=True)
class Recommendation:
    track: Track
    score: float
    reason: Phrase


@dataclass(frozen=True, slots=True)
class Playlist:
    """A named, ordered list of tracks; a track may appear more than once."""

    playlist_id: str
    name: str
    track_ids: tuple[str, ...] = ()
    created_at: float = 0.0
    updated_at: float = 0.0
