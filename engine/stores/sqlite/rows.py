"""Tracks as rows of the ``tracks`` table, and the select that reads them with their analysis
state (a join on ``features`` and ``analysis_failures``) in ``Track`` field order."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from engine.feature_version import FEATURE_VERSION
from engine.models import Track
from engine.stores.values import chunks, loaded_path, stored_path

TRACK_COLUMNS = (
    "track_id, path, title, artist, album, album_artist, genre, track_no, disc_no, year, "
    "duration, has_cover, size, mtime_ns, status"
)
# The one rule of analysis state: a vector or a failure counts only for the file signature it
# was computed for, and a vector only of the engine's feature version (or the one asked for:
# ``?``); anything else is pending again. ``tracks_to_analyse``, ``counts``, ``feature_matrix``
# and every track read use these.
_SIGNATURE = "t.size || ':' || t.mtime_ns"
CURRENT_FEATURES = f"x.track_id = t.track_id AND x.signature = {_SIGNATURE} AND x.version = ?"
CURRENT_FAILURE = f"y.track_id = t.track_id AND y.signature = {_SIGNATURE}"
_ENGINE_FEATURES = CURRENT_FEATURES.replace("x.", "f.").replace("?", str(int(FEATURE_VERSION)))

# ``a.reason <> ''`` is false for NULL and for an empty reason alike, as Python's truth test.
SELECT_TRACKS = (
    "SELECT "
    + ", ".join(f"t.{c.strip()}" for c in TRACK_COLUMNS.split(","))
    + ", CASE WHEN f.version IS NOT NULL THEN 'analysed' WHEN a.reason <> '' THEN 'failed' "
    "ELSE 'pending' END, a.reason FROM tracks t "
    f"LEFT JOIN features f ON {_ENGINE_FEATURES} "
    f"LEFT JOIN analysis_failures a ON {CURRENT_FAILURE.replace('y.', 'a.')}"
)


def id_chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    # SQLite caps bound parameters; 900 stays under every build's limit.
    return chunks(items, 900)


def placeholders(chunk: Sequence[object]) -> str:
    return ",".join("?" * len(chunk))


def track_row(t: Track) -> tuple:
    return (
        t.track_id,
        stored_path(t.path),
        t.title,
        t.artist,
        t.album,
        t.album_artist,
        t.genre,
        t.track_no,
        t.disc_no,
        t.year,
        float(t.duration),
        int(t.has_cover),
        t.size,
        t.mtime_ns,
        t.status,
    )


def track_values(row: Sequence) -> tuple:
    """A row of :data:`SELECT_TRACKS` as ``Track`` field values (``Track(*values)``)."""
    # SQLite has no bool, and keeps non-UTF-8 paths as raw bytes: fix those two fields.
    return (row[0], loaded_path(row[1]), *row[2:11], bool(row[11]), *row[12:])


def track_from_row(row: Sequence) -> Track:
    """A row of :data:`SELECT_TRACKS` as a :class:`Track`."""
    return Track(*track_values(row))
