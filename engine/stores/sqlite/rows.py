"""Tracks as rows of the ``tracks`` table, and the select that reads them with their analysis
state (a join on ``features`` and ``analysis_failures``)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from engine.models import Track
from engine.stores.values import chunks, loaded_path, stored_path

TRACK_COLUMNS = (
    "track_id, path, title, artist, album, album_artist, genre, track_no, disc_no, year, "
    "duration, has_cover, size, mtime_ns, status"
)
SELECT_TRACKS = (
    "SELECT "
    + ", ".join(f"t.{c.strip()}" for c in TRACK_COLUMNS.split(","))
    + ", f.version IS NOT NULL, a.reason FROM tracks t "
    "LEFT JOIN features f ON f.track_id = t.track_id "
    "LEFT JOIN analysis_failures a ON a.track_id = t.track_id"
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


def track_from_row(row: Sequence) -> Track:
    """A row of :data:`SELECT_TRACKS` as a :class:`Track`."""
    analysed, failure = row[15], row[16]
    return Track(
        track_id=row[0],
        path=loaded_path(row[1]),
        title=row[2],
        artist=row[3],
        album=row[4],
        album_artist=row[5],
        genre=row[6],
        track_no=row[7],
        disc_no=row[8],
        year=row[9],
        duration=row[10],
        has_cover=bool(row[11]),
        size=row[12],
        mtime_ns=row[13],
        status=row[14],
        analysis="analysed" if analysed else ("failed" if failure else "pending"),
        analysis_error=failure,
    )
