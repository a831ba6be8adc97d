"""The Albums page (a filterable grid, an album opens in place) and the Artists page (a list,
an artist opens in place, and an album from there)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import translate
from desktop.models.album_model import AlbumModel, ArtistModel, by_title, by_year
from desktop.models.formatting import count_of
from desktop.thumbnails import Thumbnails
from desktop.views.album_actions import AlbumActions
from desktop.views.album_page import AlbumPage
from desktop.views.artist_page import ArtistPage
from desktop.views.common import page_layout, scrolling
from desktop.widgets.accessible import describe
from desktop.widgets.album_grid import AlbumGrid
from desktop.widgets.assets import icon
from desktop.widgets.labels import PlainLabel
from desktop.widgets.open_on_click import open_on_click
from engine.library.albums import Album, Artist


def filter_field(what: str) -> QLineEdit:
    """A filter box for ``what``, translated as a sentence says it ("albums")."""
    field = QLineEdit()
    field.setPlaceholderText(translate("albums", "Filter {what}").format(what=what))
    field.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
    field.setClearButtonEnabled(True)
    describe(
        field,
        translate("albums", "Filter {what}").format(what=what),
        translate("albums", "Show only {what} whose name has this text").format(what=what),
    )
    return field


class AlbumsView(QStackedWidget):
    """Index 0: the grid; 1: one album."""

    artistRequested = Signal(str)  # artist key
    showInLibrary = Signal(str, list)  # label, track ids

    def __init__(
        self, actions: AlbumActions, thumbnails: Thumbnails, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.actions = actions
        grid_page = QWidget()
        layout = page_layout(grid_page, self.tr("Albums"))
        self.filter = filter_field(self.tr("albums"))
        self.count = PlainLabel("", name="muted")
        layout.addWidget(self.filter)
        # Sort beside the count: every player's album grid sorts by artist, title or year.
        row = QHBoxLayout()
        row.addWidget(self.count, 1)
        self.sort = QComboBox()
        self.sort.addItem(self.tr("By artist"), None)
        self.sort.addItem(self.tr("By album title"), by_title)
        self.sort.addItem(self.tr("By year, newest first"), by_year)
        describe(self.sort, self.tr("Sort albums"), self.tr("The order of the albums in the grid"))
        row.addWidget(self.sort)
        layout.addLayout(row)
        self.model = AlbumModel(self)
        self.sort.currentIndexChanged.connect(lambda i: self.model.set_order(self.sort.itemData(i)))
        self.grid = AlbumGrid(self.model, thumbnails)
        layout.addWidget(self.grid, 1)
        self.filter.textChanged.connect(self.model.set_filter)
        self.grid.albumActivated.connect(self.open_album)
        self.grid.menuRequested.connect(self._menu)
        self.page = AlbumPage(actions, thumbnails, self.tr("Albums"))
        self.page.backRequested.connect(self.show_grid)
        self.page.artistRequested.connect(self.artistRequested)
        self.page.showInLibrary.connect(self.showInLibrary)
        self.addWidget(grid_page)
        self.addWidget(scrolling(self.page))

    def set_albums(self, albums: Sequence[Album]) -> None:
        self.model.set_items(albums)
        self.count.setText(count_of(len(albums), "album"))
        if self.page.album is not None:
            fresh = self.model.find(self.page.album.key)
            if fresh is not None:
                self.page.show_album(fresh)  # its songs may have changed (an import)

    def open_album(self, album: Album) -> None:
        self.page.show_album(album)
        self.setCurrentIndex(1)
        self.page.songs.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_grid(self) -> None:
        self.setCurrentIndex(0)
        self.grid.setFocus(Qt.FocusReason.OtherFocusReason)

    def _menu(self, album: Album, pos: QPoint) -> None:
        self.actions.menu(album, self).exec(pos)


class ArtistsView(QStackedWidget):
    """Index 0: the artists; 1: one artist; 2: one of their albums."""

    artistOpened = Signal(object)  # Artist: its songs are to be read (in a worker)
    showInLibrary = Signal(str, list)

    def __init__(
        self, actions: AlbumActions, thumbnails: Thumbnails, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        list_page = QWidget()
        layout: QVBoxLayout = page_layout(list_page, self.tr("Artists"))
        self.filter = filter_field(self.tr("artists"))
        self.count = PlainLabel("", name="muted")
        layout.addWidget(self.filter)
        layout.addWidget(self.count)
        self.model = ArtistModel(self)
        self.list = QListView()
        self.list.setObjectName("artistList")
        self.list.setUniformItemSizes(True)
        self.list.setModel(self.model)
        describe(
            self.list,
            self.tr("Artists"),
            self.tr("Every album artist; activate one to open their page"),
        )
        self.list.activated.connect(self._activated)
        open_on_click(self.list)
        layout.addWidget(self.list, 1)
        self.filter.textChanged.connect(self.model.set_filter)
        self.page = ArtistPage(actions, thumbnails)
        self.page.backRequested.connect(self.show_list)
        self.page.albumOpened.connect(self.open_album)
        self.page.showInLibrary.connect(self.showInLibrary)
        self.album_page = AlbumPage(actions, thumbnails, self.tr("Artist"))
        self.album_page.backRequested.connect(lambda: self.setCurrentIndex(1))
        self.album_page.artistRequested.connect(self.open_key)
        self.album_page.showInLibrary.connect(self.showInLibrary)
        for page in (list_page, scrolling(self.page), scrolling(self.album_page)):
            self.addWidget(page)

    def set_artists(self, artists: Sequence[Artist]) -> None:
        self.model.set_items(artists)
        self.count.setText(count_of(len(artists), "artist"))
        if self.page.artist is not None:
            fresh = self.model.find(self.page.artist.key)
            if fresh is not None and self.currentIndex() == 1:
                self.open_artist(fresh)

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_artist(self.model.item_at(index.row()))

    def open_key(self, key: str) -> bool:
        artist = self.model.find(key)
        if artist is not None:
            self.open_artist(artist)
        return artist is not None

    def open_artist(self, artist: Artist) -> None:
        self.page.show_artist(artist)
        self.setCurrentIndex(1)
        self.page.first_grid().setFocus(Qt.FocusReason.OtherFocusReason)
        self.artistOpened.emit(artist)

    def open_album(self, album: Album) -> None:
        self.album_page.show_album(album)
        self.setCurrentIndex(2)

    def show_list(self) -> None:
        self.setCurrentIndex(0)
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)
