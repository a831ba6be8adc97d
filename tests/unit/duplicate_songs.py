"""A synthetic library imported twice over in part: tagged copies of songs (a clip beside its
full track: same tags, nearly the same sound) and untagged twins that must stay two songs."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from bench.synthetic_library import SyntheticLibrary, make_library
from engine.models import UNKNOWN_ALBUM, UNKNOWN_ARTIST, Track

COPIES = 20
TWINS = 3  # untagged pairs, each near one of the songs 40, 41, 42


def copy_id(track_id: str) -> str:
    return "c" + track_id[1:]


def library_with_copies(rng: np.random.Generator) -> SyntheticLibrary:
    """The same-song tests' library: 120 songs in 3 sound groups, albums of 10, with copies."""
    return with_copies(make_library(120, n_blobs=3, album_size=10, rng=rng), rng)


def with_copies(library: SyntheticLibrary, rng: np.random.Generator) -> SyntheticLibrary:
    """``library`` plus a copy of each of its first :data:`COPIES` songs (title in capitals
    with doubled spaces, another folder) and :data:`TWINS` pairs of untagged songs, all with
    the original's sound and a little noise."""
    ids, rows, blobs, tracks = list(library.ids), [library.matrix], list(library.blobs), []
    for i in range(COPIES):
        original = library.tracks[i]
        copy = replace(
            original,
            track_id=copy_id(original.track_id),
            path=original.path.replace("/music/", "/clips/"),
            title=f"  {original.title.upper().replace(' ', '  ')} ",
        )
        tracks.append(copy)
        rows.append(library.matrix[i] + rng.normal(scale=0.01, size=(1, library.matrix.shape[1])))
        blobs.append(library.blobs[i])
    for j in range(TWINS):
        for half in range(2):
            tid = f"u{2 * j + half:07d}"
            tracks.append(
                Track(tid, f"/loose/{tid}.ogg", "Untitled", UNKNOWN_ARTIST, UNKNOWN_ALBUM)
            )
            noise = rng.normal(scale=0.01, size=(1, library.matrix.shape[1]))
            rows.append(library.matrix[40 + j] + noise)
            blobs.append(library.blobs[40 + j])
    ids += [t.track_id for t in tracks]
    return SyntheticLibrary(
        ids,
        np.vstack(rows).astype(np.float32),
        np.asarray(blobs),
        library.names,
        [*library.tracks, *tracks],
    )
