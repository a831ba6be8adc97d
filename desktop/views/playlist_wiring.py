"""Playlists and likes in the main window: the Playlists page, the heart on the now-playing
bar and at the end of every song row, Like / Add to playlist ▸ in every song list's menu,
and "Save as playlist" from the queue (a radio too), a mix and the recommendations. Kept
apart so main_window.py stays a table of contents."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QStatusBar, QWidget

from desktop.controller import PlaybackController
from desktop.likes import Likes
from desktop.models.library_columns import COL_TITLE
from desktop.models.library_model import LibraryModel
from desktop.playlist_actions import PlaylistActions
from desktop.services import Services
from desktop.status_times import READ_MS
from desktop.views.album_page import TITLE_COLUMN, AlbumPage
from desktop.views.browse import Browse
from desktop.views.home import HomeView
from desktop.views.library import LibraryView
from desktop.views.list_actions import ListActions
from desktop.views.mixes import MixesView
from desktop.views.playlists import PlaylistsView
from desktop.views.queue import QueueView
from desktop.views.recommendations import RecommendationsPane
from desktop.widgets.heart_button import HeartButton
from desktop.widgets.heart_delegate import HeartDelegate
from desktop.widgets.now_playing import NowPlayingBar
from desktop.widgets.track_list import TrackList, TrackRole
from desktop.widgets.track_menu import TrackMenu
from desktop.workers import Workers


class PlaylistWindow(Protocol):
    """What the playlists and likes wire into, of the main window
    (desktop.views.main_window.MainWindow is one): named here, so this module needs nothing
    above it. ``controller``, ``services`` and ``workers`` and the status bar are there from
    the start; the pages by the time of :meth:`PlaylistsUi.wire`."""

    services: Services
    workers: Workers
    controller: PlaybackController
    home: HomeView
    library: LibraryView
    library_model: LibraryModel
    browse: Browse
    mixes: MixesView
    queue: QueueView
    recommendations: RecommendationsPane
    now_playing: NowPlayingBar
    list_actions: ListActions

    def statusBar(self) -> QStatusBar: ...  # Qt's name (QMainWindow)


class PlaylistsUi:
    def __init__(self, window: PlaylistWindow, parent: QWidget) -> None:
        """Make the page (before the window lists its pages). ``parent`` is the window itself:
        the menus and jobs end with it, and its song lists get the hearts."""
        self._host = parent
        status = window.statusBar()
        self.likes = Likes(window.services, window.workers, parent)
        self.likes.failed.connect(lambda message: status.showMessage(message, READ_MS))
        self.actions = PlaylistActions(window.services, window.workers, status, parent)
        self.view = PlaylistsView(self.actions, self.likes, window.controller)
        self.menu = TrackMenu(self.actions, self.likes, parent)
        self.heart: HeartButton | None = None

    def wire(self, window: PlaylistWindow) -> None:
        """Connect the rest of the window (once every page exists)."""
        for songs in self._host.findChildren(TrackList):
            songs.menu_extras = self.menu.extend
        # A Home mix is many songs: it can go into a playlist, but is not liked as one.
        window.home.your_mixes.menu_extras = lambda menu, tracks: self.menu.extend(
            menu, tracks, like=False
        )
        window.library.menu_extras = self.menu.extend
        self._hearts(window)
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication)
        app.applicationStateChanged.connect(self.likes.reread_when_active)
        self.heart = HeartButton(self.likes, window.controller)
        window.now_playing.add_beside_title(self.heart)
        actions = window.list_actions
        actions.saved = lambda _name: self.actions.refresh()
        for page in (window.queue, window.mixes, window.recommendations):
            page.saveAsPlaylist.connect(actions.save_playlist)

    def _hearts(self, window: PlaylistWindow) -> None:
        """A heart at the end of every song row (desktop/widgets/heart_delegate.py)."""
        likes = self.likes
        for songs in self._host.findChildren(TrackList):
            # Home's mixes hold no song (no TrackRole): their rows get no heart.
            songs.setItemDelegate(HeartDelegate(likes, songs, _list_id, _list_track))
            songs.is_liked = likes.is_liked
            likes.changed.connect(songs.likes_changed)
        model, table = window.library_model, window.library.table
        model.is_liked = likes.is_liked
        likes.changed.connect(model.likes_changed)
        table.setItemDelegateForColumn(
            COL_TITLE,
            HeartDelegate(
                likes,
                table,
                lambda i: model.track_id_at(i.row()),
                lambda i: model.track_at(i.row()),
            ),
        )
        artist = window.browse.artists.page
        artist.top_list.setItemDelegateForColumn(
            0,
            HeartDelegate(
                likes,
                artist.top_list,
                lambda i: artist.top_id_at(i.row()),
                lambda i: artist.top_track_at(i.row()),
            ),
        )
        for page in (window.browse.albums.page, window.browse.artists.album_page):
            page.songs.setItemDelegateForColumn(TITLE_COLUMN, _album_hearts(likes, page))
            page.menu_extras = self.menu.extend

    def load(self) -> None:
        """Read the playlists (for the menus) and the likes (for the hearts), in workers."""
        self.actions.refresh()
        self.likes.load()


Index = QModelIndex | QPersistentModelIndex


def _list_track(index: Index):
    return index.data(TrackRole)


def _list_id(index: Index) -> str | None:
    track = index.data(TrackRole)
    return None if track is None else track.track_id


def _album_hearts(likes: Likes, page: AlbumPage) -> HeartDelegate:
    return HeartDelegate(
        likes, page.songs, lambda i: page.track_id_at(i.row()), lambda i: page.track_at(i.row())
    )
