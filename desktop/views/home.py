"""Home: For you, popular songs (the engine's popularity from play events), recently played,
"Because you played …", your mixes (one per taste) and the library's mixes.

Before there is any listening history it says so, rather than inventing popularity or taste:
a card says what Home will show and offers to play the library or import music.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QMenu,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.controller import PlaybackController
from desktop.i18n import translate
from desktop.models.formatting import count_of
from desktop.phrase_text import shown
from desktop.services import HomeData
from desktop.views.common import ImportsDrops, muted, page_layout, section
from desktop.views.no_mixes import no_mixes_note
from desktop.widgets.accessible import describe
from desktop.widgets.empty_library import EmptyLibrary
from desktop.widgets.no_history import NoHistory
from desktop.widgets.reflow_columns import ReflowColumns
from desktop.widgets.track_list import TrackList, queue_actions
from engine.recommend.foryou import DEFAULT_FRESH_DAYS
from engine.recommend.popular import MIN_POPULAR_PLAYS

# With history but no song played often enough (engine.recommend.popular.is_popular): the
# column says when songs come, instead of calling a song heard once "popular".
POPULAR_SOON = QT_TRANSLATE_NOOP(
    "HomeView", "Songs you play {count} times or more show up here, the most played first."
)
# With history but nothing to pick (a small library played through, or only skips): the
# row went without a word, as if For you had been removed.
FOR_YOU_RESTING = QT_TRANSLATE_NOOP(
    "HomeView",
    "Nothing new to pick just now: For you leaves out the songs you played in the last "
    "{days} days and those you skipped or marked not interested. Play more, or import more "
    "music.",
)
BECAUSE_ROWS = 3
# Narrower than this, a "Because you played" list shows "trac…" (F6 of a new user's tryout:
# ~100 px each at 800 px wide beside Up next): the lists stack instead.
BECAUSE_MIN_WIDTH = 220
BECAUSE_TITLE_LINES = 2


class HomeView(ImportsDrops, QWidget):
    mixOpened = Signal(int)  # cluster id
    saveAsPlaylist = Signal(str, object)  # name, list of Track
    importRequested = Signal(list)  # list[str]: dropped folders/files
    importClicked = Signal()  # the empty states' button: choose a folder
    playClicked = Signal()  # "Play your library" before anything was played
    notInterested = Signal(object)  # Track: never suggest it again

    def __init__(self, controller: PlaybackController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self.setAcceptDrops(True)
        # The rows outgrow a window: the page scrolls as one.
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        page = QWidget()
        scroll.setWidget(page)
        outer.addWidget(scroll)
        layout = page_layout(page, self.tr("Home"))
        self.empty = EmptyLibrary()
        self.empty.importClicked.connect(self.importClicked)
        self.empty.hide()
        layout.addWidget(self.empty, 2)
        # Songs but nothing played: what Home will show and how to get there, in the room the
        # lists will take (a line of text above blank space said little).
        self.history_note = NoHistory()
        self.history_note.playClicked.connect(self.playClicked)
        self.history_note.importClicked.connect(self.importClicked)
        layout.addWidget(self.history_note, 3)

        self.for_you_title = section(self.tr("For you"))
        layout.addWidget(self.for_you_title)
        self.for_you_note = muted(self.tr(FOR_YOU_RESTING).format(days=f"{DEFAULT_FRESH_DAYS:g}"))
        layout.addWidget(self.for_you_note)
        self.for_you = self._list(controller)
        self.for_you.setAccessibleName(self.tr("For you"))
        self.for_you.menu_actions = [
            *self.for_you.menu_actions,
            (self.tr("Not interested"), self.notInterested.emit),
        ]
        layout.addWidget(self.for_you)

        # Popular and Recently played side by side, hidden as one until there is history.
        self.columns_box = QWidget()
        columns = QHBoxLayout(self.columns_box)
        columns.setContentsMargins(0, 0, 0, 0)
        self.column_titles: list = []
        self.popular = describe(TrackList(), self.tr("Popular"), self.tr("Your most played songs"))
        self.recent = describe(
            TrackList(), self.tr("Recently played"), self.tr("Songs you played last")
        )
        self.popular_note = muted(self.tr(POPULAR_SOON).format(count=MIN_POPULAR_PLAYS))
        for title, widget in (
            (self.tr("Popular"), self.popular),
            (self.tr("Recently played"), self.recent),
        ):
            box = QVBoxLayout()
            self.column_titles.append(section(title))
            box.addWidget(self.column_titles[-1])
            if widget is self.popular:
                box.addWidget(self.popular_note)
            widget.fit_rows()
            box.addWidget(widget, 1)
            box.addStretch(0)  # only while the list is hidden: the note stays at the top
            columns.addLayout(box, 1)
            # A song picked from Home plays next: the queue is not replaced by this list.
            widget.trackActivated.connect(lambda track, _row: controller.play_now(track))
            widget.menu_actions = queue_actions(controller)
        self.columns_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout.addWidget(self.columns_box)

        self.because_box = ReflowColumns(BECAUSE_MIN_WIDTH)
        self.because_titles = []
        self.because = []
        for _ in range(BECAUSE_ROWS):
            column = QWidget()
            box = QVBoxLayout(column)
            box.setContentsMargins(0, 0, 0, 0)
            # "Because you played <a long title>": on two lines in a narrow column, then cut
            # (the whole heading in its tooltip); one line showed "Because you played An…".
            title = section("", elide=True, lines=BECAUSE_TITLE_LINES)
            widget = self._list(controller)
            box.addWidget(title)
            box.addWidget(widget, 1)
            self.because_box.add_column(column)
            self.because_titles.append(title)
            self.because.append(widget)
        self.because_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout.addWidget(self.because_box)

        self.your_mixes_title = section(self.tr("Your mixes"))
        layout.addWidget(self.your_mixes_title)
        self.your_mixes = TrackList()
        self.your_mixes.fit_rows()
        self.your_mixes.setToolTip(self.tr("Double-click a mix to play it"))
        describe(
            self.your_mixes,
            self.tr("Your mixes"),
            self.tr("A mix per taste; activate one to play it"),
        )
        layout.addWidget(self.your_mixes)
        self._your_mixes: list = []
        self.your_mixes.itemActivated.connect(self._play_your_mix)
        self.your_mixes.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.your_mixes.customContextMenuRequested.connect(self._your_mix_menu)

        self.mixes_title = section(self.tr("Mixes by sound"))
        layout.addWidget(self.mixes_title)
        self.mixes_note = muted(no_mixes_note(0))
        layout.addWidget(self.mixes_note)
        self.mixes = TrackList()
        self.mixes.fit_rows()
        self.mixes.setToolTip(self.tr("Double-click a mix to open it"))
        describe(
            self.mixes,
            self.tr("Mixes by sound"),
            self.tr("The library's mixes; activate one to open it"),
        )
        layout.addWidget(self.mixes)
        # Lists as tall as their songs: a short Home leaves the room below them, not between.
        layout.addStretch(0)
        self._mix_ids: list[int] = []
        self._library_empty = False
        self._importing = False
        self._data: HomeData | None = None
        self.mixes.itemActivated.connect(
            lambda item: self.mixOpened.emit(self._mix_ids[self.mixes.row(item)])
        )
        # Until the first data arrives nothing is known: saying "no listening history" or
        # showing empty rows under headings would be wrong for a listener who has some.
        for widget in (
            self.history_note,
            self.for_you_title,
            self.for_you_note,
            self.for_you,
            *self.column_titles,
            self.popular,
            self.popular_note,
            self.columns_box,
            self.recent,
            *self.because_titles,
            *self.because,
            self.because_box,
            self.your_mixes_title,
            self.your_mixes,
            self.mixes_note,
        ):
            widget.hide()

    @staticmethod
    def _list(controller: PlaybackController) -> TrackList:
        widget = describe(
            TrackList(),
            translate("HomeView", "Songs for you"),
            translate("HomeView", "Activate a song to play it now"),
        )
        # Every list on Home shows all its songs (a dozen at most) and the page scrolls as one:
        # squeezed, Popular showed a row and a half; given a height, For you scrolled inside.
        widget.fit_rows()
        # A song picked from Home plays next: the queue is not replaced by this list.
        widget.trackActivated.connect(lambda track, _row: controller.play_now(track))
        widget.menu_actions = queue_actions(controller)
        return widget

    def _play_your_mix(self, item: object) -> None:
        mix = self._your_mixes[self.your_mixes.row(item)]
        self._controller.play_tracks(list(mix.tracks), 0, context=shown(mix.name))

    def _your_mix_menu(self, pos: QPoint) -> None:
        item = self.your_mixes.itemAt(pos)
        if item is None:
            return
        mix = self._your_mixes[self.your_mixes.row(item)]
        menu = QMenu(self)
        menu.addAction(self.tr("Play"), lambda: self._play_your_mix(item))
        menu.addAction(
            self.tr("Add to queue"), lambda: self._controller.add_to_queue(list(mix.tracks))
        )
        menu.addAction(
            self.tr("Save as playlist"),
            lambda: self.saveAsPlaylist.emit(shown(mix.name), list(mix.tracks)),
        )
        if self.your_mixes.menu_extras is not None:
            self.your_mixes.menu_extras(menu, list(mix.tracks))
        menu.exec(self.your_mixes.viewport().mapToGlobal(pos))

    def set_library_empty(self, empty: bool) -> None:
        """With no songs at all, Home leads with the import button (and takes drops)."""
        self._library_empty = empty
        self.empty.setVisible(empty)
        self._show_notes()

    def set_importing(self, importing: bool) -> None:
        """An import runs (or ended): the empty card and the mixes note say what happens."""
        self._importing = importing
        self.empty.set_importing(importing)
        analysed = self._data.analysed if self._data is not None else 0
        self.mixes_note.setText(no_mixes_note(analysed, importing=importing))

    def _show_notes(self) -> None:
        """An empty library has one empty state, the import card: "no listening history" and
        "no mixes" under it said the same thing three times over."""
        data, empty = self._data, self._library_empty
        self.history_note.setVisible(data is not None and not data.has_history and not empty)
        self.mixes_note.setVisible(data is not None and not data.mixes and not empty)
        self.mixes_title.setVisible(not empty)
        # No mixes: the note says why; an empty list kept its share of the page as blank space.
        self.mixes.setVisible(not empty and data is not None and bool(data.mixes))

    def show_data(self, data: HomeData) -> None:
        self._data = data
        self.for_you.set_tracks(
            [r.track for r in data.for_you], [shown(r.reason) for r in data.for_you]
        )
        self.for_you.setVisible(bool(data.for_you))
        self.for_you_title.setVisible(data.has_history)
        self.for_you_note.setVisible(data.has_history and not data.for_you)
        for i, (title, widget) in enumerate(zip(self.because_titles, self.because, strict=True)):
            row = data.because[i] if i < len(data.because) else None
            title.setText(row[0] if row else "")
            widget.setAccessibleName(row[0] if row else self.tr("Songs for you"))
            widget.set_tracks(list(r.track for r in row[1]) if row else [])
            title.setVisible(row is not None)
            widget.setVisible(row is not None)
        # Empty, the box kept its share of the page as blank space.
        self.because_box.setVisible(bool(data.because))
        self.your_mixes.clear()
        self._your_mixes = list(data.your_mixes)
        for mix in data.your_mixes:
            songs = ", ".join(t.title for t in mix.tracks[:3])
            self.your_mixes.addItem(
                self.tr("{name}  ·  {count}\n{songs}").format(
                    name=shown(mix.name), count=count_of(len(mix.tracks), "song"), songs=songs
                )
            )
        for widget in (self.your_mixes_title, self.your_mixes):
            widget.setVisible(bool(data.your_mixes))
        self.popular.set_tracks([t for t, _ in data.popular], data.popular_notes or None)
        self.recent.set_tracks(data.recent, data.recent_notes or None)
        for widget in (self.columns_box, self.recent, *self.column_titles):
            widget.setVisible(data.has_history)
        self.popular.setVisible(bool(data.popular))
        self.popular_note.setVisible(data.has_history and not data.popular)
        self.mixes.clear()
        self._mix_ids = []
        for summary, first in data.mixes:
            songs = ", ".join(t.title for t in first[:3])
            self.mixes.addItem(
                self.tr("{name}  ·  {count}\n{songs}").format(
                    name=shown(summary.name), count=count_of(summary.size, "song"), songs=songs
                )
            )
            self._mix_ids.append(summary.cluster_id)
        self.mixes_note.setText(no_mixes_note(data.analysed, importing=self._importing))
        self._show_notes()
