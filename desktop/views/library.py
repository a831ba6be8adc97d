"""The Library page: search-as-you-type, the sortable table, import by dialog or drag-and-drop."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QItemSelectionModel, QModelIndex, QPoint, Qt, QUrl, Signal
from PySide6.QtGui import (
    QDesktopServices,
    QKeyEvent,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QWidget,
)

from desktop.controller import PlaybackController
from desktop.models.formatting import count_of, format_duration
from desktop.models.library_columns import (
    COL_ANALYSED,
    COL_DURATION,
    COL_PLAYS,
    COL_TITLE,
)
from desktop.models.library_model import LibraryModel
from desktop.views.common import ImportsDrops, page_layout
from desktop.views.sort_selection import SortKeepsSelection
from desktop.widgets.accessible import describe
from desktop.widgets.assets import icon
from desktop.widgets.column_fit import FittedHeader
from desktop.widgets.empty_library import EmptyLibrary
from desktop.widgets.import_panel import ImportPanel
from desktop.widgets.labels import PlainLabel
from desktop.widgets.scope_bar import ScopeBar
from desktop.widgets.track_list import MenuExtras
from engine.models import Track

# Title's is only its starting width: it takes the rest (desktop/widgets/column_fit.py).
# The numbers take their content's width instead of theirs; Analysed shows when asked for.
DEFAULT_WIDTHS = (260, 140, 140, 80, 72, 56, 76)
CONTENT_SIZED = (COL_DURATION, COL_PLAYS, COL_ANALYSED)
HIDDEN_AT_FIRST = (COL_ANALYSED,)


class LibraryTable(QTableView):
    """Enter plays the current row, like a double-click."""

    activatedRow = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activatedRow.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class LibraryView(ImportsDrops, QWidget):
    importRequested = Signal(list)  # list[str] of folders/files
    trackSelected = Signal(object)  # Track
    albumRequested = Signal(object)  # Track: open its album's page
    artistRequested = Signal(object)  # Track: open its artist's page

    def __init__(
        self, model: LibraryModel, controller: PlaybackController, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.model = model
        self._controller = controller
        self.menu_extras: MenuExtras | None = None  # Like, Add to playlist ▸ (set by the window)
        self.setAcceptDrops(True)
        layout = page_layout(self, self.tr("Library"))

        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search title, artist, album  (Ctrl+F)"))
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setClearButtonEnabled(True)
        describe(
            self.search,
            self.tr("Search"),
            self.tr("Filter the library by title, artist or album; Esc clears"),
        )
        self.search.textChanged.connect(model.set_filter)
        self.import_button = QPushButton(icon("import"), self.tr("Import folder…"))
        self.import_button.setObjectName("accent")
        describe(
            self.import_button, self.tr("Import folder"), self.tr("Choose a music folder to import")
        )
        self.import_button.clicked.connect(self.choose_folder)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.import_button)
        layout.addLayout(bar)

        # How much there is (and, searched, how much of it matched): a status-bar note said
        # it for a few seconds after each load, then the page showed no count at all.
        self.count = PlainLabel("", name="muted")
        layout.addWidget(self.count)

        self.scope_bar = ScopeBar()
        self.scope_bar.cleared.connect(self.show_all)
        layout.addWidget(self.scope_bar)

        self.table = LibraryTable()
        self.header = FittedHeader(
            COL_TITLE,
            DEFAULT_WIDTHS,
            self.table,
            content_sized=CONTENT_SIZED,
            hidden=HIDDEN_AT_FIRST,
        )
        self.table.setHorizontalHeader(self.header)  # before sorting is on: it connects to it
        self.table.setModel(model)
        self.header.apply_defaults()
        model.modelReset.connect(self.header.fit)  # the numbers' widths follow what they show
        self.last_folder = ""  # the folder last imported (chosen or dropped): dialogs open there
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # insertion order until a click
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setDragEnabled(True)  # onto a playlist
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.table.setShowGrid(False)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table (rows, not cells, count)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        describe(
            self.table,
            self.tr("Library"),
            self.tr("Every song; activate one to play the list from it"),
        )
        describe(self.table.verticalHeader(), self.tr("Rows"), self.tr("Row numbers (hidden)"))
        describe(
            self.header,
            self.tr("Columns"),
            self.tr("Click a column to sort by it; drag to resize or move; right-click to choose"),
        )
        self.table.verticalHeader().setDefaultSectionSize(26)
        # activated, not doubleClicked: a double-click on a row's heart likes, it does not play.
        self.table.activated.connect(lambda index: self.play_from(index.row()))
        self.table.activatedRow.connect(self.play_from)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.sort_selection = SortKeepsSelection(self.table, model)
        layout.addWidget(self.table, 1)
        self.empty = EmptyLibrary()
        self.empty.importClicked.connect(self.choose_folder)
        layout.addWidget(self.empty, 1)
        # Below the list: the card's lines come and go as the stages change, and above the
        # list each change moved every row the listener was looking at.
        self.import_panel = ImportPanel()
        layout.addWidget(self.import_panel)
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
            signal.connect(self._sync_empty)
            signal.connect(self._show_count)
        self._sync_empty()
        self._show_count()
        # Esc in the search box clears it (and so shows the whole library again).
        clear = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search)
        clear.setContext(Qt.ShortcutContext.WidgetShortcut)
        clear.activated.connect(self.search.clear)
        # Down or Enter in the search box goes to the results, on the first one (as in other
        # players): the keyboard reaches what it found without a Tab past the import buttons.
        self.search.returnPressed.connect(self.to_results)
        down = QShortcut(QKeySequence(Qt.Key.Key_Down), self.search)
        down.setContext(Qt.ShortcutContext.WidgetShortcut)
        down.activated.connect(self.to_results)

    def to_results(self) -> None:
        """The focus on the table, its first row current and selected (Enter then plays it)."""
        if self.model.rowCount() == 0:
            return
        self.table.selectionModel().setCurrentIndex(
            self.model.index(0, COL_TITLE),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_only(self, label: str, track_ids: list[str]) -> None:
        """Only ``track_ids`` in the table (an album's, an artist's), named by ``label``."""
        self.model.set_scope(track_ids)
        self.scope_bar.show_scope(label)

    def show_all(self) -> None:
        self.model.set_scope(None)
        self.scope_bar.hide()

    def _sync_empty(self) -> None:
        empty = self.model.rowCount() == 0 and not self.model.query and self.model.scope is None
        self.empty.setVisible(empty)
        self.table.setVisible(not empty)

    def _show_count(self) -> None:
        listed, total, seconds = self.model.shown_totals()
        self.count.setVisible(total > 0)
        if listed == total:
            text = self.tr("{songs} · {length}").format(
                songs=count_of(total, "song"), length=format_duration(seconds)
            )
        else:
            text = self.tr("{listed} of {songs} · {length}").format(
                listed=listed, songs=count_of(total, "song"), length=format_duration(seconds)
            )
        self.count.setText(text)

    # --- playing ---------------------------------------------------------------------------
    def play_from(self, row: int) -> None:
        """Play the visible list from ``row``, so next/previous follow what the user sees."""
        self._controller.play_tracks(self.model.visible_tracks(), row, context=self.tr("Library"))

    def play_listed(self) -> None:
        """Play the list as shown, from the selected song (else the first): what Play does
        with nothing queued, as in other players."""
        if self.model.rowCount() == 0:
            return
        current = self.table.currentIndex()
        self.play_from(current.row() if current.isValid() else 0)

    def selected_tracks(self) -> list[Track]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.track_at(r) for r in rows]

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.trackSelected.emit(self.model.track_at(current.row()))

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if index.isValid():
            self.menu_for(index.row()).exec(self.table.viewport().mapToGlobal(pos))

    def menu_for(self, row: int) -> QMenu:
        """The context menu of ``row`` (acting on the selection when the row is in it)."""
        tracks = self.selected_tracks()
        clicked = self.model.track_at(row)
        if clicked.track_id not in {t.track_id for t in tracks}:
            tracks = [clicked]
        first = tracks[0]
        menu = QMenu(self)
        menu.addAction(self.tr("Play"), lambda: self.play_from(row))
        menu.addAction(self.tr("Play next"), lambda: self._controller.play_next(tracks))
        menu.addAction(self.tr("Add to queue"), lambda: self._controller.add_to_queue(tracks))
        menu.addAction(
            icon("radio"), self.tr("Start radio"), lambda: self._controller.start_radio(first)
        )
        if self.menu_extras is not None:
            self.menu_extras(menu, tracks)
        menu.addSeparator()
        menu.addAction(
            icon("albums"), self.tr("Go to album"), lambda: self.albumRequested.emit(first)
        )
        menu.addAction(
            icon("artists"), self.tr("Go to artist"), lambda: self.artistRequested.emit(first)
        )
        menu.addAction(self.tr("Show in folder"), lambda: show_in_folder(first.path))
        return menu

    # --- import ----------------------------------------------------------------------------
    def choose_folder(self) -> None:
        start = self.last_folder or str(Path.home())
        folder = QFileDialog.getExistingDirectory(self, self.tr("Import a music folder"), start)
        if folder:
            self.importRequested.emit([folder])

    def restore_header(self, state: QByteArray) -> None:
        """Column widths, order and sort of the last run; the model is sorted to match."""
        if self.header.restore(state):
            self.table.sortByColumn(
                self.header.sortIndicatorSection(), self.header.sortIndicatorOrder()
            )

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()


def show_in_folder(path: str) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(path).parent)))
