"""The library as a sortable, searchable table model.

Rows are kept as the store's plain tuples (``Store.track_rows``, in ``Track`` field order), not
``Track`` objects: building 100k of those was most of a library load. A ``Track`` is built
only for a row that is played, selected or asked for. Each row also has a "haystack" string
(title, artist, album, with case and accents set aside), so search-as-you-type is one substring
scan over plain strings; a refinement of the previous query (typing one more letter) scans only
the rows that matched before, which keeps each keystroke well under a frame at 100k rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import numpy as np
from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QGuiApplication, QPalette

from desktop.i18n import translate
from desktop.models.formatting import format_duration, one_line, plain_tooltip, row_marks
from desktop.models.library_columns import (
    ANALYSIS_TEXT,
    COL_ANALYSED,
    COL_DURATION,
    COL_PLAYS,
    COL_TITLE,
    COLUMNS,
    F_ANALYSIS,
    F_DURATION,
    F_ERROR,
    F_ID,
    F_PATH,
    TEXT_FIELD,
    as_rows,
    haystack,
    seconds_of,
)
from desktop.models.library_search import matching, refines, search_terms
from desktop.models.library_sort import sort_keys
from desktop.models.track_drag import TRACK_IDS_MIME, track_mime
from desktop.widgets.assets import icon
from engine.library.paths import path_text
from engine.models import Track
from engine.playback.track_list import LazyTracks, Row

TrackRole = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


class LibraryModel(QAbstractTableModel):
    reordering = Signal()  # a sort is about to move the rows
    reordered = Signal(object)  # np.ndarray: the new row of each row before it (-1: gone)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []
        self._built: dict[int, Track] = {}  # row -> Track, built on first use
        self._hay: list[str] = []
        # Each row's seconds, kept beside the rows: the page's total is one sum over the rows
        # shown, not a Python pass over 100k rows at every batch an import adds.
        self._seconds: np.ndarray = np.zeros(0)
        self._row_of: dict[str, int] = {}
        self._plays: dict[str, int] = {}
        self._order: np.ndarray = np.zeros(0, dtype=np.int64)  # all rows, sorted
        self._visible: np.ndarray = np.zeros(0, dtype=np.int64)  # rows shown, in order
        self._matches: list[int] | None = None  # rows matching the query (unsorted)
        self._query = ""
        self._terms: list[str] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None
        # field -> (name -> collation rank), kept while a column's names stay the same
        # (desktop/models/library_sort.py says why).
        self._collated: dict[int, dict[str, int]] = {}
        self._playing: str | None = None  # track id of the song playing, marked in the table
        # A field filter ("Show in library" from an album or artist): only these tracks.
        self._scope: frozenset[str] | None = None
        self.version = 0  # counts changes of the rows (not of the view): albums follow it
        # Whether a song is liked, for the rows' accessible descriptions (set by the window).
        self.is_liked: Callable[[str], bool] | None = None

    # --- data in ---------------------------------------------------------------------------
    def set_tracks(self, tracks: Iterable[Track | Row]) -> None:
        """Replace everything: ``Track`` objects or store rows (``Store.track_rows``)."""
        self.beginResetModel()
        self._rows = as_rows(tracks)
        self.version += 1
        self._built = {}
        self._hay = [haystack(r) for r in self._rows]
        self._seconds = np.array([seconds_of(r) for r in self._rows], dtype=np.float64)
        self._row_of = {r[F_ID]: i for i, r in enumerate(self._rows)}
        self._rematch()
        self._recompute(reset=False)
        self.endResetModel()

    def append_tracks(self, tracks: Sequence[Track | Row]) -> None:
        """Add a batch of tracks not yet in the model (rows appear at the end)."""
        if self._matches is not None or self._sort is not None or self._scope is not None:
            self.upsert_tracks(tracks)  # rows land in the middle: recompute the view
            return
        start = len(self._rows)
        fresh = [r for r in as_rows(tracks) if r[F_ID] not in self._row_of]
        if not fresh:
            return
        self.beginInsertRows(QModelIndex(), start, start + len(fresh) - 1)
        for i, row in enumerate(fresh, start):
            self._row_of[row[F_ID]] = i
        self._rows.extend(fresh)
        self.version += 1
        self._hay.extend(haystack(r) for r in fresh)
        self._seconds = np.concatenate((self._seconds, [seconds_of(r) for r in fresh]))
        self._order = np.arange(len(self._rows), dtype=np.int64)
        self._visible = self._order
        self.endInsertRows()

    def upsert_tracks(self, tracks: Iterable[Track | Row]) -> None:
        """Add new tracks and refresh changed ones (an import fills the table as it goes)."""
        seconds: dict[int, float] = {}  # the rows added or changed -> their lengths
        for row in as_rows(tracks):
            i = self._row_of.get(row[F_ID])
            if i is None:
                self._row_of[row[F_ID]] = len(self._rows)
                self._rows.append(row)
                self._hay.append(haystack(row))
                seconds[len(self._rows) - 1] = seconds_of(row)
            elif self._rows[i] != row:
                self._rows[i] = row
                self._built.pop(i, None)
                self._hay[i] = haystack(row)
                seconds[i] = seconds_of(row)
        if seconds:
            grown = len(self._rows) - self._seconds.size
            self._seconds = np.concatenate((self._seconds, np.zeros(grown)))
            self._seconds[list(seconds)] = list(seconds.values())
            self.version += 1
            self.beginResetModel()
            self._rematch()
            self._recompute(reset=False)
            self.endResetModel()

    def _rematch(self) -> None:
        """Rows changed under a query: match it again, so the view keeps the search shown."""
        if not self._terms:
            self._matches = None
            return
        self._matches = matching(self._hay, self._terms)

    def set_play_counts(self, counts: dict[str, int]) -> None:
        self._plays = dict(counts)
        if self._sort and self._sort[0] == COL_PLAYS:
            self.sort(*self._sort)
        elif self._visible.size:
            self.dataChanged.emit(
                self.index(0, COL_PLAYS), self.index(len(self._visible) - 1, COL_PLAYS)
            )

    def add_play(self, track_id: str) -> None:
        """One more play of ``track_id`` was just recorded: the Plays column follows live."""
        self._plays[track_id] = self._plays.get(track_id, 0) + 1
        if self._sort and self._sort[0] == COL_PLAYS:
            self.sort(*self._sort)
            return
        row = self.row_of(track_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, COL_PLAYS), self.index(row, COL_PLAYS))

    def set_playing(self, track_id: str | None) -> None:
        """Mark the row of the song playing (accent colour, play icon) and unmark the last one."""
        before, self._playing = self._playing, track_id
        for tid in {before, track_id} - {None}:
            row = self.row_of(tid)  # type: ignore[arg-type]
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def likes_changed(self) -> None:
        """The liked set changed: screen readers read the rows' descriptions again."""
        if self._visible.size:
            description = Qt.ItemDataRole.AccessibleDescriptionRole
            last = self.index(len(self._visible) - 1, len(COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last, [description])

    @property
    def playing(self) -> str | None:
        return self._playing

    # --- search and sort -------------------------------------------------------------------
    @property
    def query(self) -> str:
        return self._query

    def set_filter(self, text: str) -> None:
        terms = search_terms(text)
        if terms == self._terms:
            self._query = text
            return
        refine = self._matches is not None and refines(self._terms, terms)
        candidates = self._matches if refine else None
        self._query, self._terms = text, terms
        self._matches = matching(self._hay, terms, candidates) if terms else None
        self.beginResetModel()
        self._recompute(reset=False, resort=False)
        self.endResetModel()

    @property
    def scope(self) -> frozenset[str] | None:
        return self._scope

    def set_scope(self, track_ids: Iterable[str] | None) -> None:
        """Show only ``track_ids`` (an album's or artist's songs), with the search and sort
        still applying inside them; None shows the whole library again."""
        scope = None if track_ids is None else frozenset(track_ids)
        if scope == self._scope:
            return
        self._scope = scope
        self.beginResetModel()
        self._recompute(reset=False, resort=False)
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # Column -1 (the view's "no sort indicator") is the library's own order.
        self._sort = (column, order) if 0 <= column < len(COLUMNS) else None
        # A view takes its selection off first and puts it back from ``reordered``: left to
        # Qt, the selection model kept a persistent index per selected cell and asked flags()
        # of each (a sort with 100k rows selected took 10 s). PySide cannot emit the
        # layout signals with the vertical-sort hint that would spare it.
        self.reordering.emit()
        self.layoutAboutToBeChanged.emit()
        # What stays persistent (the current row, a view's hover) follows its song to the row
        # the sort gives it (left alone, the highlight stayed on the old rows).
        before = self._visible
        kept = self.persistentIndexList()
        sources = before[np.fromiter((i.row() for i in kept), np.int64, len(kept))]
        self._recompute(reset=True)
        row_of_source = np.full(len(self._rows), -1, dtype=np.int64)
        row_of_source[self._visible] = np.arange(self._visible.size, dtype=np.int64)
        moved = [
            QModelIndex() if row < 0 else self.index(row, index.column())
            for index, row in zip(kept, row_of_source[sources].tolist(), strict=True)
        ]
        self.changePersistentIndexList(kept, moved)
        self.layoutChanged.emit()
        self.reordered.emit(row_of_source[before])

    def _recompute(self, *, reset: bool, resort: bool = True) -> None:
        n = len(self._rows)
        if resort or self._order.size != n:
            if self._sort is None:
                self._order = np.arange(n, dtype=np.int64)
            else:
                column, order = self._sort
                keys = sort_keys(self._rows, column, plays=self._plays, collated=self._collated)
                ranked = sorted(range(n), key=keys.__getitem__)
                if order == Qt.SortOrder.DescendingOrder:
                    ranked.reverse()
                self._order = np.asarray(ranked, dtype=np.int64)
        mask: np.ndarray | None = None
        if self._matches is not None:
            mask = np.zeros(n, dtype=bool)
            mask[np.asarray(self._matches, dtype=np.int64)] = True
        if self._scope is not None:
            inside = np.zeros(n, dtype=bool)
            rows = [self._row_of[t] for t in self._scope if t in self._row_of]
            inside[np.asarray(rows, dtype=np.int64)] = True
            mask = inside if mask is None else mask & inside
        self._visible = self._order if mask is None else self._order[mask[self._order]]

    # --- access ----------------------------------------------------------------------------
    def _track(self, source: int) -> Track:
        track = self._built.get(source)
        if track is None:
            track = self._built[source] = Track(*self._rows[source])
        return track

    def track_at(self, row: int) -> Track:
        return self._track(int(self._visible[row]))

    def track_id_at(self, row: int) -> str:
        """The id of the song shown at ``row``, without building its ``Track``."""
        return self._rows[int(self._visible[row])][F_ID]

    def visible_tracks(self) -> LazyTracks:
        """The shown rows in order, as a list whose ``Track`` objects are built on use (a
        double-click on a 100k-row view queues them all without building 100k tracks)."""
        rows = self._rows
        if self._sort is None and self._matches is None and self._scope is None:
            return LazyTracks.from_rows(list(rows))  # the view is the library's own order
        return LazyTracks.from_rows([rows[i] for i in self._visible.tolist()])

    def row_of(self, track_id: str) -> int | None:
        source = self._row_of.get(track_id)
        if source is None:
            return None
        hits = np.flatnonzero(self._visible == source)
        return int(hits[0]) if hits.size else None

    def rows(self) -> list[Row]:
        """Every row of the library (not only the visible ones), as a new list."""
        return list(self._rows)

    def play_counts(self) -> dict[str, int]:
        """``track_id -> plays`` as shown in the Plays column (a copy)."""
        return dict(self._plays)

    def shown_totals(self) -> tuple[int, int, float]:
        """(songs listed, songs in the library, seconds of the listed ones): the page's count."""
        seconds = float(self._seconds[self._visible].sum())
        return int(self._visible.size), len(self._rows), seconds

    def all_tracks(self) -> LazyTracks:
        return LazyTracks(self._rows)

    def track_by_id(self, track_id: str) -> Track | None:
        row = self._row_of.get(track_id)
        return None if row is None else self._track(row)

    # --- QAbstractTableModel ---------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else int(self._visible.size)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        # Rows drag onto a playlist (desktop/models/track_drag.py); the library takes no drops.
        return super().flags(index) | Qt.ItemFlag.ItemIsDragEnabled

    def mimeTypes(self) -> list[str]:
        return [TRACK_IDS_MIME, "text/uri-list"]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        return track_mime([self.track_at(r) for r in rows])

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return translate("LibraryModel", COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        source = int(self._visible[index.row()])
        row = self._rows[source]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == TrackRole:
            return self._track(source)
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            liked = self.is_liked is not None and self.is_liked(row[F_ID])
            return row_marks(playing=row[F_ID] == self._playing, liked=liked)
        if self._playing is not None and row[F_ID] == self._playing:
            # Colour, not bold: the columns are sized for the table's font, and a bold row
            # elided its Genre where the other rows fit.
            if role == Qt.ItemDataRole.ForegroundRole:
                return QGuiApplication.palette().brush(QPalette.ColorRole.Link)
            if role == Qt.ItemDataRole.DecorationRole and column == COL_TITLE:
                return icon("play")
        if role == Qt.ItemDataRole.ToolTipRole:
            # Qt guesses rich text for tooltips: a folder named "<img src=x>" must show as is.
            if column == COL_ANALYSED and row[F_ERROR]:
                return plain_tooltip(one_line(row[F_ERROR]))
            if column == COL_TITLE:
                return plain_tooltip(path_text(row[F_PATH]))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_DURATION, COL_PLAYS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, row: Row, column: int) -> str:
        # Plain strings only: item views never interpret them as rich text.
        field = TEXT_FIELD.get(column)
        if field is not None:
            return one_line(row[field])
        if column == COL_DURATION:
            return format_duration(row[F_DURATION])
        if column == COL_PLAYS:
            plays = self._plays.get(row[F_ID], 0)
            return str(plays) if plays else ""
        shown = ANALYSIS_TEXT.get(row[F_ANALYSIS])
        return translate("LibraryModel", shown) if shown else ""
