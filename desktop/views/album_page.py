"""One album: its cover, what it is, its songs in disc/track order, and play/queue buttons.

Activating a song plays the whole album from it (so next/previous stay in the album).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import translate
from desktop.models.formatting import count_of, format_duration, one_line
from desktop.thumbnails import Thumbnails
from desktop.views.album_actions import AlbumActions, tracks_of
from desktop.widgets.accessible import describe
from desktop.widgets.album_tile import COVER, placeholder_pixmap
from desktop.widgets.assets import icon
from desktop.widgets.labels import PlainLabel
from desktop.widgets.track_list import MenuExtras
from engine.library.albums import ARTIST, DISC_NO, DURATION, ID, TITLE, TRACK_NO, Album
from engine.models import Track

TITLE_COLUMN = 1  # of the songs list: the heart sits at its end (desktop/playlist_wiring.py)
BACK_KEYS = ("Alt+Left", "Backspace")


def back_button(text: str, page: QWidget, target) -> QPushButton:
    """A "‹ Albums" button, with Alt+Left and Backspace doing the same inside ``page``."""
    button = QPushButton(translate("album_page", "‹ {text}").format(text=text))
    describe(
        button,
        translate("album_page", "Back to {text}").format(text=text),
        translate("album_page", "Return to {text} (Alt+Left)").format(text=text),
    )
    button.clicked.connect(target)
    for keys in BACK_KEYS:
        shortcut = QShortcut(QKeySequence(keys), page)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(target)
    return button


def action_button(text: str, icon_name: str | None, description: str) -> QPushButton:
    button = QPushButton(icon(icon_name), text) if icon_name else QPushButton(text)
    describe(button, text, description)
    return button


class AlbumPage(QWidget):
    backRequested = Signal()
    artistRequested = Signal(str)  # the album artist's key
    showInLibrary = Signal(str, list)  # label, track ids

    def __init__(
        self,
        actions: AlbumActions,
        thumbnails: Thumbnails,
        back_to: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.actions = actions
        self.thumbnails = thumbnails
        self.album: Album | None = None
        self.menu_extras: MenuExtras | None = None  # Like, Add to playlist ▸ (set by the window)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 10)
        top = QHBoxLayout()
        top.addWidget(back_button(back_to, self, self.backRequested.emit))
        top.addStretch(1)
        layout.addLayout(top)

        head = QHBoxLayout()
        self.cover = QLabel()
        self.cover.setFixedSize(COVER, COVER)
        head.addWidget(self.cover)
        info = QVBoxLayout()
        self.title = PlainLabel("", name="pageTitle", elide=True)
        self.artist = QPushButton()
        self.artist.setFlat(True)
        self.artist.setObjectName("artistLink")
        describe(self.artist, self.tr("Artist"), self.tr("Open the artist's page"))
        self.artist.clicked.connect(self._go_to_artist)
        self.facts = PlainLabel("", name="muted")
        info.addWidget(self.title)
        info.addWidget(self.artist, 0, Qt.AlignmentFlag.AlignLeft)
        info.addWidget(self.facts)
        buttons = QHBoxLayout()
        self.play_button = action_button(
            self.tr("Play"), "play", self.tr("Play the album from the start")
        )
        self.shuffle_button = action_button(
            self.tr("Shuffle"), "shuffle", self.tr("Play the album shuffled")
        )
        self.next_button = action_button(
            self.tr("Play next"), None, self.tr("Play the album after this song")
        )
        self.queue_button = action_button(
            self.tr("Add to queue"), None, self.tr("Add the album to the queue")
        )
        self.library_button = action_button(
            self.tr("Show in library"),
            "library",
            self.tr("Show only this album's songs in the Library"),
        )
        self.play_button.setObjectName("accent")
        self.play_button.clicked.connect(lambda: self.play_from(0))
        self.shuffle_button.clicked.connect(lambda: self._each(self.actions.shuffle))
        self.next_button.clicked.connect(lambda: self._each(self.actions.play_next))
        self.queue_button.clicked.connect(lambda: self._each(self.actions.add_to_queue))
        self.library_button.clicked.connect(self._show_in_library)
        for button in (
            self.play_button,
            self.shuffle_button,
            self.next_button,
            self.queue_button,
            self.library_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        info.addStretch(1)
        info.addLayout(buttons)
        head.addLayout(info, 1)
        layout.addLayout(head)

        self.songs = QTreeWidget()
        self.songs.setObjectName("albumSongs")
        self.songs.setHeaderLabels(
            [self.tr("#"), self.tr("Title"), self.tr("Artist"), self.tr("Duration")]
        )
        self.songs.setRootIsDecorated(False)
        self.songs.setAlternatingRowColors(True)
        self.songs.setUniformRowHeights(True)
        self.songs.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        describe(
            self.songs,
            self.tr("Songs"),
            self.tr("The album's songs in order; activate one to play from it"),
        )
        describe(
            self.songs.header(),
            self.tr("Columns"),
            self.tr("Track number, title, artist and duration"),
        )
        self.songs.itemActivated.connect(
            lambda item, _col: self.play_from(self.songs.indexOfTopLevelItem(item))
        )
        self.songs.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.songs.customContextMenuRequested.connect(self._song_menu)
        layout.addWidget(self.songs, 1)
        thumbnails.ready.connect(self._thumbnail_ready)

    def show_album(self, album: Album) -> None:
        self.album = album
        self.title.setText(album.title)
        # A button's text is never rich text, but "&" would mark a shortcut key.
        self.artist.setText(one_line(album.artist).replace("&", "&&"))
        describe(self.artist, album.artist, self.tr("Open the artist's page"))
        facts = [str(album.year)] if album.year else []
        facts += [count_of(len(album.rows), "song"), format_duration(album.duration)]
        self.facts.setText(" · ".join(facts))
        discs = len({r[DISC_NO] or 1 for r in album.rows}) > 1
        self.songs.clear()
        items = []
        for row in album.rows:
            number = "" if row[TRACK_NO] is None else str(row[TRACK_NO])
            if discs and number:
                number = f"{row[DISC_NO] or 1}.{number}"
            items.append(
                QTreeWidgetItem(
                    [
                        number,
                        one_line(row[TITLE]),
                        one_line(row[ARTIST]),
                        format_duration(row[DURATION]),
                    ]
                )
            )
        self.songs.addTopLevelItems(items)
        for column in (0, 3):
            self.songs.resizeColumnToContents(column)
        self.songs.setColumnWidth(1, max(240, self.songs.width() // 2))
        self._show_cover()

    def _show_cover(self) -> None:
        if self.album is None:
            return
        dpr = self.devicePixelRatioF()
        pixmap = self.thumbnails.pixmap(self.album, dpr)
        self.cover.setPixmap(pixmap or placeholder_pixmap(self.album, COVER, dpr))

    def _thumbnail_ready(self, key: str) -> None:
        if self.album is not None and key == self.album.key:
            self._show_cover()

    def play_from(self, row: int) -> None:
        if self.album is not None:
            self.actions.play(self.album.rows, max(0, row), context=self.album.title)

    def track_id_at(self, row: int) -> str | None:
        rows = self.album.rows if self.album is not None else ()
        return rows[row][ID] if 0 <= row < len(rows) else None

    def track_at(self, row: int) -> Track | None:
        rows = self.album.rows if self.album is not None else ()
        return Track(*rows[row]) if 0 <= row < len(rows) else None

    def _each(self, action) -> None:
        if self.album is not None:
            action(self.album.rows)

    def _selected_rows(self) -> list:
        assert self.album is not None
        picked = sorted(self.songs.indexOfTopLevelItem(i) for i in self.songs.selectedItems())
        return [self.album.rows[i] for i in picked]

    def _song_menu(self, pos) -> None:
        item = self.songs.itemAt(pos)
        if item is None or self.album is None:
            return
        self.menu_for(self.songs.indexOfTopLevelItem(item)).exec(
            self.songs.viewport().mapToGlobal(pos)
        )

    def menu_for(self, row: int) -> QMenu:
        """The context menu of song ``row`` (acting on the selection when the row is in it)."""
        assert self.album is not None
        item = self.songs.topLevelItem(row)
        rows = self._selected_rows() if item.isSelected() else [self.album.rows[row]]
        menu = QMenu(self)
        menu.addAction(icon("play"), self.tr("Play from here"), lambda: self.play_from(row))
        menu.addAction(self.tr("Play next"), lambda: self.actions.play_next(rows))
        menu.addAction(self.tr("Add to queue"), lambda: self.actions.add_to_queue(rows))
        first = tracks_of(rows)[0]
        menu.addAction(
            icon("radio"),
            self.tr("Start radio"),
            lambda: self.actions.controller.start_radio(first),
        )
        if self.menu_extras is not None:
            self.menu_extras(menu, list(tracks_of(rows)))
        return menu

    def _go_to_artist(self) -> None:
        if self.album is not None:
            self.artistRequested.emit(self.album.artist_key)

    def _show_in_library(self) -> None:
        if self.album is not None:
            label = self.tr("Album: {title} — {artist}").format(
                title=one_line(self.album.title), artist=one_line(self.album.artist)
            )
            self.showInLibrary.emit(label, self.album.track_ids)
