"""A synthetic analysed library: tracks, albums and feature vectors drawn as Gaussian blobs.

Each blob stands for a "sound" (genre-like region of feature space); every album lives in one
blob, so "same blob" is the ground truth a recommender should recover. Used by the speed
benchmark (100k tracks) and by the recommender's tests (a few hundred).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from engine.feature_version import FEATURE_VERSION
from engine.models import Track, TrackFeatures
from engine.stores.protocol import Store


def feature_names(d: int = 60) -> tuple[str, ...]:
    """Plausible names for a d-dimensional layout covering every reason group."""
    base = (
        *(f"mfcc_mean_{i:02d}" for i in range(13)),
        *(f"mfcc_std_{i:02d}" for i in range(13)),
        *(f"chroma_{i:02d}" for i in range(12)),
        *(f"contrast_{i:02d}" for i in range(7)),
        "spectral_centroid_mean",
        "spectral_centroid_std",
        "spectral_bandwidth",
        "spectral_rolloff",
        "spectral_flatness",
        "zcr",
        "rms_mean",
        "rms_std",
        "tempo",
        "onset_rate",
        "loudness_lufs",
        "peak_dbfs",
        "clipping_ratio",
    )
    if d <= len(base):
        return base[:d]
    return base + tuple(f"mfcc_extra_{i:02d}" for i in range(d - len(base)))


def library_ids(n: int) -> list[str]:
    """The track ids :func:`make_library` gives its ``n`` tracks, in row order."""
    return [f"t{i:07d}" for i in range(n)]


@dataclass(frozen=True, slots=True)
class SyntheticLibrary:
    ids: list[str]
    matrix: np.ndarray  # (n, d) float32
    blobs: np.ndarray  # (n,) int: ground-truth sound of each track
    names: tuple[str, ...]
    tracks: list[Track]


def make_library(
    n: int,
    *,
    d: int = 60,
    n_blobs: int = 8,
    album_size: int = 10,
    albums_per_artist: int = 2,
    spread: float = 1.0,
    separation: float = 6.0,
    rng: np.random.Generator,
    root: str = "/music",
) -> SyntheticLibrary:
    """Tracks in albums of ``album_size``; each album is drawn from one blob.

    Parameters
    ----------
    separation, spread : float
        Distance scale between blob centres and the within-blob standard deviation.
    """
    names = feature_names(d)
    centres = rng.normal(scale=separation, size=(n_blobs, d))
    n_albums = -(-n // album_size)
    album_blob = rng.integers(n_blobs, size=n_albums)
    album_of = np.arange(n) // album_size
    blobs = album_blob[album_of]
    # Tracks of one album share a small offset: albums are tighter than their blob.
    album_offset = rng.normal(scale=spread * 0.5, size=(n_albums, d))
    matrix = centres[blobs] + album_offset[album_of] + rng.normal(scale=spread, size=(n, d))
    ids = library_ids(n)
    tracks = []
    for i, tid in enumerate(ids):
        album = int(album_of[i])
        artist = album // albums_per_artist
        tracks.append(
            Track(
                track_id=tid,
                path=f"{root}/artist{artist:05d}/album{album:06d}/{i % album_size + 1:02d}.ogg",
                title=f"Song {i}",
                artist=f"Artist {artist}",
                album=f"Album {album}",
                track_no=i % album_size + 1,
                duration=180.0,
                size=1000 + i,
                mtime_ns=1,
            )
        )
    return SyntheticLibrary(ids, matrix.astype(np.float32), blobs, names, tracks)


def analysed_features(
    tracks: Sequence[Track], matrix: np.ndarray, names: Sequence[str]
) -> Iterator[TrackFeatures]:
    """Row ``i`` of ``matrix`` as the engine's analysis of ``tracks[i]``'s file as it is (this
    feature version, the track's own signature): what a store counts, serves and trains on."""
    for i, track in enumerate(tracks):
        yield TrackFeatures(
            track.track_id,
            np.asarray(matrix[i], dtype=np.float32),
            tuple(names),
            FEATURE_VERSION,
            track.signature.token(),
        )


def fill_store(store: Store, library: SyntheticLibrary, only: Sequence[int] | None = None) -> None:
    """Write the library's tracks and features (all, or the rows ``only``) into ``store``."""
    rows = list(range(len(library.ids)) if only is None else only)
    tracks = [library.tracks[i] for i in rows]
    store.upsert_tracks(tracks)
    features = analysed_features(tracks, library.matrix[rows], library.names)
    while batch := list(itertools.islice(features, 5000)):
        store.put_features(batch)
