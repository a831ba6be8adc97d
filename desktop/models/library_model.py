"""The library as a sortable, searchable table model.

Rows are kept as engine ``Track`` objects plus a lowercase "haystack" string per row (title,
artist, album), so search-as-you-type is one substring scan over plain strings. A refinement of
the previous query (typing one more letter) scans only the rows that matched before, which keeps
each keystroke well under a frame at 100k rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.models.formatting import format_duration, one_line
from engine.models import Track

COLUMNS: tuple[str, ...] = ("Title", "Artist", "Album", "Genre", "Duration", "Plays", "Analysed")
COL_TITLE, COL_ARTIST, COL_ALBUM, COL_GENRE, COL_DURATION, COL_PLAYS, COL_ANALYSED = range(7)

TrackRole = Qt.ItemDataRole.UserRole + 1
_ANALYSIS_TEXT = {"analysed": "yes", "failed": "failed", "pending": ""}

Index = QModelIndex | QPersistentModelIndex


def _haystack(track: Track) -> str:
    return f"{track.title}\n{track.artist}\n{track.album}".casefold()


class LibraryModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._tracks: list[Track] = []
        self._hay: list[str] = []
        self._row_of: dict[str, int] = {}
        self._plays: dict[str, int] = {}
        self._order: np.ndarray = np.zeros(0, dtype=np.int64)  # all rows, sorted
        self._visible: np.ndarray = np.zeros(0, dtype=np.int64)  # rows shown, in order
        self._matches: list[int] | None = None  # rows matching the query (unsorted)
        self._query = ""
        self._terms: list[str] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # --- data in ---------------------------------------------------------------------------
    def set_tracks(self, tracks: Iterable[Track]) -> None:
        self.beginResetModel()
        self._tracks = list(tracks)
        self._hay = [_haystack(t) for t in self._tracks]
        self._row_of = {t.track_id: i for i, t in enumerate(self._tracks)}
        self._matches = None
        self._recompute(reset=False)
        self.endResetModel()

    def append_tracks(self, tracks: Sequence[Track]) -> None:
        """Add a batch of tracks not yet in the model (the first load streams in batches)."""
        if self._matches is not None or self._sort is not None:
            self.upsert_tracks(tracks)  # rows land in the middle: recompute the view
            return
        start = len(self._tracks)
        fresh = [t for t in tracks if t.track_id not in self._row_of]
        if not fresh:
            return
        self.beginInsertRows(QModelIndex(), start, start + len(fresh) - 1)
        for i, track in enumerate(fresh, start):
            self._row_of[track.track_id] = i
        self._tracks.extend(fresh)
        self._hay.extend(_haystack(t) for t in fresh)
        self._order = np.arange(len(self._tracks), dtype=np.int64)
        self._visible = self._order
        self.endInsertRows()

    def upsert_tracks(self, tracks: Iterable[Track]) -> None:
        """Add new tracks and refresh changed ones (an import fills the table as it goes)."""
        changed = False
        for track in tracks:
            row = self._row_of.get(track.track_id)
            if row is None:
                self._row_of[track.track_id] = len(self._tracks)
                self._tracks.append(track)
                self._hay.append(_haystack(track))
                changed = True
            elif self._tracks[row] != track:
                self._tracks[row] = track
                self._hay[row] = _haystack(track)
                changed = True
        if changed:
            self.beginResetModel()
            self._matches = None
            self._recompute(reset=False)
            self.endResetModel()

    def set_play_counts(self, counts: dict[str, int]) -> None:
        self._plays = dict(counts)
        if self._sort and self._sort[0] == COL_PLAYS:
            self.sort(*self._sort)
        elif self._visible.size:
            self.dataChanged.emit(
                self.index(0, COL_PLAYS), self.index(len(self._visible) - 1, COL_PLAYS)
            )

    # --- search and sort -------------------------------------------------------------------
    @property
    def query(self) -> str:
        return self._query

    def set_filter(self, text: str) -> None:
        terms = text.casefold().split()
        if terms == self._terms:
            self._query = text
            return
        refine = (
            self._matches is not None
            and len(terms) >= len(self._terms)
            and all(new.find(old) >= 0 for old, new in zip(self._terms, terms, strict=False))
        )
        candidates: Sequence[int] = self._matches if refine else range(len(self._tracks))
        hay = self._hay
        for term in terms:
            candidates = [i for i in candidates if term in hay[i]]
        self._query, self._terms = text, terms
        self._matches = list(candidates) if terms else None
        self.beginResetModel()
        self._recompute(reset=False, resort=False)
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        self._recompute(reset=True)
        self.layoutChanged.emit()

    def _sort_keys(self, column: int) -> list:
        tracks = self._tracks
        if column == COL_DURATION:
            return [t.duration for t in tracks]
        if column == COL_PLAYS:
            plays = self._plays
            return [plays.get(t.track_id, 0) for t in tracks]
        if column == COL_ANALYSED:
            return [t.analysis for t in tracks]
        attr = ("title", "artist", "album", "genre")[column]
        return [getattr(t, attr).casefold() for t in tracks]

    def _recompute(self, *, reset: bool, resort: bool = True) -> None:
        n = len(self._tracks)
        if resort or self._order.size != n:
            if self._sort is None:
                self._order = np.arange(n, dtype=np.int64)
            else:
                column, order = self._sort
                keys = self._sort_keys(column)
                ranked = sorted(range(n), key=keys.__getitem__)
                if order == Qt.SortOrder.DescendingOrder:
                    ranked.reverse()
                self._order = np.asarray(ranked, dtype=np.int64)
        if self._matches is None:
            self._visible = self._order
        else:
            mask = np.zeros(n, dtype=bool)
            mask[np.asarray(self._matches, dtype=np.int64)] = True
            self._visible = self._order[mask[self._order]]

    # --- access ----------------------------------------------------------------------------
    def track_at(self, row: int) -> Track:
        return self._tracks[int(self._visible[row])]

    def visible_tracks(self) -> list[Track]:
        return [self._tracks[i] for i in self._visible]

    def row_of(self, track_id: str) -> int | None:
        source = self._row_of.get(track_id)
        if source is None:
            return None
        hits = np.flatnonzero(self._visible == source)
        return int(hits[0]) if hits.size else None

    def all_tracks(self) -> list[Track]:
        return list(self._tracks)

    def track_by_id(self, track_id: str) -> Track | None:
        row = self._row_of.get(track_id)
        return None if row is None else self._tracks[row]

    # --- QAbstractTableModel ---------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else int(self._visible.size)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        track = self._tracks[int(self._visible[index.row()])]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(track, column)
        if role == TrackRole:
            return track
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_ANALYSED and track.analysis_error:
                return one_line(track.analysis_error)
            if column == COL_TITLE:
                return track.path
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_DURATION, COL_PLAYS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, track: Track, column: int) -> str:
        # Plain strings only: item views never interpret them as rich text.
        if column == COL_TITLE:
            return one_line(track.title)
        if column == COL_ARTIST:
            return one_line(track.artist)
        if column == COL_ALBUM:
            return one_line(track.album)
        if column == COL_GENRE:
            return one_line(track.genre)
        if column == COL_DURATION:
            return format_duration(track.duration)
        if column == COL_PLAYS:
            plays = self._plays.get(track.track_id, 0)
            return str(plays) if plays else ""
        return _ANALYSIS_TEXT.get(track.analysis, "")
