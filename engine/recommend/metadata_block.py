"""The optional metadata block of training: genre, artist and album as weighted hashed one-hots.

Off by default (weight 0): recommendations are "sounds alike", from audio only. With a weight
``W > 0`` (``encore train --metadata-weight W``) each track's vector for k-means gains three
hashed one-hot fields (genre, artist, album; :data:`BUCKETS` buckets each), so Mixes follow the
tags as in the original seed that clustered on genre/artist/album.

Scale: each field's one is ``sqrt(W · d)``, so two tracks that differ in one field are
``2 · W · d`` apart in squared distance — ``W`` times the average squared audio distance of two
random tracks (``2d`` for ``d`` standardised features). ``W = 1`` makes a different artist cost as
much as a random audio pair; an empty or unknown tag sets no bucket.

The block shapes the clusters only: neighbours are still ranked by the audio vector, and the
stored centroids are their audio part (so an unseen track is placed from its audio alone).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable

import numpy as np

from engine.errors import ParameterError
from engine.models import UNKNOWN_ALBUM, UNKNOWN_ARTIST, Track

FIELDS = ("genre", "artist", "album")
BUCKETS = 64


def metadata_block(tracks: Iterable[Track | None], *, d: int, weight: float) -> np.ndarray:
    """Hashed one-hot metadata of ``tracks``, scaled for an audio vector of ``d`` features.

    Parameters
    ----------
    tracks : iterable of Track or None, length n
        In the rows' order; ``None`` (a track without tags in the store) gives a zero row.
    d : int
        Number of audio features.
    weight : float
        ``W`` above; must be > 0.

    Returns
    -------
    np.ndarray, shape (n, len(FIELDS) * BUCKETS), float32
    """
    if not weight > 0:
        raise ParameterError(f"metadata weight must be > 0, not {weight!r}")
    value = np.float32(np.sqrt(weight * d))
    rows = []
    for track in tracks:
        row = np.zeros(len(FIELDS) * BUCKETS, dtype=np.float32)
        for f, text in enumerate(_fields(track)):
            if text:
                row[f * BUCKETS + zlib.crc32(text.encode("utf-8")) % BUCKETS] = value
        rows.append(row)
    if not rows:
        return np.zeros((0, len(FIELDS) * BUCKETS), dtype=np.float32)
    return np.stack(rows)


def _fields(track: Track | None) -> tuple[str, str, str]:
    if track is None:
        return ("", "", "")
    artist = "" if track.artist == UNKNOWN_ARTIST else track.artist.strip().casefold()
    album = "" if track.album == UNKNOWN_ALBUM else track.album.strip().casefold()
    # Albums are keyed with their artist: two "Greatest Hits" are different albums.
    owner = track.album_artist.strip().casefold() or artist
    return (track.genre.strip().casefold(), artist, f"{owner}\x1f{album}" if album else "")
