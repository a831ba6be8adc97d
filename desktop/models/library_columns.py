"""What the Library table shows of a store row: its columns, where their fields stand in the
row (``Track`` field order), the text each shows, and the search text of a row."""

from __future__ import annotations

import math
from collections.abc import Iterable

from PySide6.QtCore import QT_TRANSLATE_NOOP

from engine.library.ordering import sort_key
from engine.models import Track, row_positions
from engine.playback.track_list import Row, as_row

COLUMNS: tuple[str, ...] = (  # English keys; the header shows them translated
    QT_TRANSLATE_NOOP("LibraryModel", "Title"),
    QT_TRANSLATE_NOOP("LibraryModel", "Artist"),
    QT_TRANSLATE_NOOP("LibraryModel", "Album"),
    QT_TRANSLATE_NOOP("LibraryModel", "Genre"),
    QT_TRANSLATE_NOOP("LibraryModel", "Duration"),
    QT_TRANSLATE_NOOP("LibraryModel", "Plays"),
    QT_TRANSLATE_NOOP("LibraryModel", "Analysed"),
)
COL_TITLE, COL_ARTIST, COL_ALBUM, COL_GENRE, COL_DURATION, COL_PLAYS, COL_ANALYSED = range(7)

ANALYSIS_TEXT = {  # shown translated
    "analysed": QT_TRANSLATE_NOOP("LibraryModel", "yes"),
    "failed": QT_TRANSLATE_NOOP("LibraryModel", "failed"),
}

# Positions of the fields the table reads inside a row (Track field order).
F_ID, F_PATH, F_TITLE, F_ARTIST, F_ALBUM, F_GENRE, F_DURATION, F_ANALYSIS, F_ERROR = row_positions(
    "track_id",
    "path",
    "title",
    "artist",
    "album",
    "genre",
    "duration",
    "analysis",
    "analysis_error",
)
TEXT_FIELD = {COL_TITLE: F_TITLE, COL_ARTIST: F_ARTIST, COL_ALBUM: F_ALBUM, COL_GENRE: F_GENRE}


def haystack(row: Row) -> str:
    # Case and accents set aside, as the album grid and the sort do: "alex" finds "Àlex".
    return sort_key(f"{row[F_TITLE]}\n{row[F_ARTIST]}\n{row[F_ALBUM]}")[0]


def seconds_of(row: Row) -> float:
    """The row's length for the page's total: a missing or impossible one counts nothing."""
    length = row[F_DURATION]
    return float(length) if length and math.isfinite(length) and length > 0 else 0.0


def as_rows(items: Iterable[Track | Row]) -> list[Row]:
    return [item if type(item) is tuple else as_row(item) for item in items]  # type: ignore[arg-type]
