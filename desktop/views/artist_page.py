"""One artist: their most played songs, their albums and the albums they appear on (as a
guest on others' albums), as grids."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.models.album_model import AlbumModel
from desktop.models.formatting import count_of, one_line
from desktop.thumbnails import Thumbnails
from desktop.views.album_actions import AlbumActions
from desktop.views.album_page import action_button, back_button
from desktop.views.common import section
from desktop.widgets.accessible import describe
from desktop.widgets.album_grid import AlbumGrid
from desktop.widgets.labels import PlainLabel
from engine.library.albums import ALBUM, ID, TITLE, Artist, Row
from engine.models import Track

TOP_SONGS_HEIGHT = 220


class ArtistPage(QWidget):
    backRequested = Signal()
    albumOpened = Signal(object)  # Album
    showInLibrary = Signal(str, list)  # label, track ids

    def __init__(
        self,
        actions: AlbumActions,
        thumbnails: Thumbnails,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.actions = actions
        self._thumbnails = thumbnails
        self.artist: Artist | None = None
        self.songs: list[Row] = []  # every song by the artist, in album order
        self.top: list[Row] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 10)
        top = QHBoxLayout()
        top.addWidget(back_button(self.tr("Artists"), self, self.backRequested.emit))
        top.addStretch(1)
        layout.addLayout(top)
        self.name = PlainLabel("", name="pageTitle", elide=True)
        self.facts = PlainLabel("", name="muted")
        layout.addWidget(self.name)
        layout.addWidget(self.facts)
        buttons = QHBoxLayout()
        self.play_button = action_button(
            self.tr("Play"), "play", self.tr("Play all of the artist's songs")
        )
        self.play_button.setObjectName("accent")
        self.shuffle_button = action_button(
            self.tr("Shuffle"), "shuffle", self.tr("Play the artist shuffled")
        )
        self.library_button = action_button(
            self.tr("Show in library"),
            "library",
            self.tr("Show only this artist's songs in the Library"),
        )
        self.play_button.clicked.connect(lambda: self.actions.play(self.songs, context=self._ctx()))
        self.shuffle_button.clicked.connect(lambda: self.actions.shuffle(self.songs, self._ctx()))
        self.library_button.clicked.connect(self._show_in_library)
        for button in (self.play_button, self.shuffle_button, self.library_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        layout.addWidget(section(self.tr("Top songs")))
        self.no_plays = PlainLabel(self.tr("Nothing played yet"), name="muted")
        layout.addWidget(self.no_plays)
        self.top_list = QTreeWidget()
        self.top_list.setObjectName("topSongs")
        self.top_list.setHeaderLabels([self.tr("Title"), self.tr("Album"), self.tr("Plays")])
        self.top_list.setRootIsDecorated(False)
        self.top_list.setUniformRowHeights(True)
        self.top_list.setMaximumHeight(TOP_SONGS_HEIGHT)
        describe(
            self.top_list,
            self.tr("Top songs"),
            self.tr("The artist's most played songs; activate to play"),
        )
        describe(
            self.top_list.header(), self.tr("Columns"), self.tr("Title, album and number of plays")
        )
        self.top_list.itemActivated.connect(
            lambda item, _c: self.actions.play(
                self.top, self.top_list.indexOfTopLevelItem(item), context=self._ctx()
            )
        )
        layout.addWidget(self.top_list)

        self.albums_title = section(self.tr("Albums"))
        self.grid = self._grid(
            self.tr("Albums"), self.tr("The artist's albums; activate one to open it")
        )
        self.album_model = self.grid.album_model
        # A guest (a compilation's, a featured artist) has songs on others' albums only: these
        # are their tiles, as a player's "Appears on".
        self.appears_title = section(self.tr("Appears on"))
        self.appears_grid = self._grid(
            self.tr("Appears on"),
            self.tr("Other artists' albums with the artist's songs; activate one to open it"),
        )
        for widget in (self.albums_title, self.grid, self.appears_title, self.appears_grid):
            layout.addWidget(widget, 1 if isinstance(widget, AlbumGrid) else 0)

    def _grid(self, name: str, description: str) -> AlbumGrid:
        grid = AlbumGrid(AlbumModel(self), self._thumbnails)
        describe(grid, name, description)
        grid.albumActivated.connect(self.albumOpened)
        grid.menuRequested.connect(self._album_menu)
        return grid

    def _ctx(self) -> str:
        return "" if self.artist is None else self.artist.name

    def show_artist(self, artist: Artist) -> None:
        """Show ``artist`` now; the songs follow with :meth:`set_songs` (read in a worker)."""
        self.artist = artist
        self.name.setText(artist.name)
        songs = count_of(artist.track_count, "song")
        if artist.albums:
            facts = self.tr("{count} · {count2}").format(
                count=count_of(len(artist.albums), "album"), count2=songs
            )
        else:
            facts = self.tr("{count} · appears on {count2}").format(
                count=songs, count2=count_of(len(artist.appears_on), "album")
            )
        self.facts.setText(facts)
        for title, grid, items in (
            (self.albums_title, self.grid, artist.albums),
            (self.appears_title, self.appears_grid, artist.appears_on),
        ):
            grid.album_model.set_items(items)
            title.setVisible(bool(items))
            grid.setVisible(bool(items))
        self.songs = [r for album in artist.albums for r in album.rows] + list(artist.guest_rows)
        self.set_top([], {})

    def first_grid(self) -> AlbumGrid:
        """The grid that takes the focus when the page opens: the albums, else Appears on."""
        return self.grid if not self.grid.isHidden() else self.appears_grid

    def set_songs(self, key: str, songs: list[Row], top: list[Row], plays: dict[str, int]) -> None:
        if self.artist is None or self.artist.key != key:
            return  # another artist was opened meanwhile
        self.songs = songs
        self.set_top(top, plays)

    def set_top(self, top: list[Row], plays: dict[str, int]) -> None:
        self.top = top
        self.top_list.clear()
        self.top_list.addTopLevelItems(
            [
                QTreeWidgetItem([one_line(r[TITLE]), one_line(r[ALBUM]), str(plays.get(r[ID], 0))])
                for r in top
            ]
        )
        self.top_list.resizeColumnToContents(0)
        self.top_list.setVisible(bool(top))
        self.no_plays.setVisible(not top)

    def top_id_at(self, row: int) -> str | None:
        return self.top[row][ID] if 0 <= row < len(self.top) else None

    def top_track_at(self, row: int) -> Track | None:
        return Track(*self.top[row]) if 0 <= row < len(self.top) else None

    def _album_menu(self, album, pos: QPoint) -> None:
        self.actions.menu(album, self).exec(pos)

    def _show_in_library(self) -> None:
        if self.artist is not None:
            ids = [r[ID] for r in self.songs]
            self.showInLibrary.emit(
                self.tr("Artist: {text}").format(text=one_line(self.artist.name)), ids
            )
