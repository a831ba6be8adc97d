"""Playlists and likes in the main window: the Playlists page, the heart on the now-playing
bar, Like / Add to playlist ▸ in every song list's menu, and "Save as playlist" from the
queue (a radio too), a mix and the recommendations. Kept apart so main_window.py stays a
table of contents."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.likes import Likes
from desktop.playlist_actions import PlaylistActions
from desktop.views.playlists import PlaylistsView
from desktop.widgets.heart_button import HeartButton
from desktop.widgets.track_list import TrackList
from desktop.widgets.track_menu import TrackMenu

if TYPE_CHECKING:
    from desktop.views.main_window import MainWindow


class PlaylistsUi:
    def __init__(self, window: MainWindow) -> None:
        """Make the page (before the window lists its pages)."""
        status = window.statusBar()
        self.likes = Likes(window.services, window.workers, window)
        self.likes.failed.connect(lambda message: status.showMessage(message, 8000))
        self.actions = PlaylistActions(window.services, window.workers, status, window)
        self.view = PlaylistsView(self.actions, self.likes, window.controller)
        self.menu = TrackMenu(self.actions, self.likes, window)
        self.heart: HeartButton | None = None

    def wire(self, window: MainWindow) -> None:
        """Connect the rest of the window (once every page exists)."""
        for songs in window.findChildren(TrackList):
            songs.menu_extras = self.menu.extend
        # A Home mix is many songs: it can go into a playlist, but is not liked as one.
        window.home.your_mixes.menu_extras = lambda menu, tracks: self.menu.extend(
            menu, tracks, like=False
        )
        window.library.menu_extras = self.menu.extend
        self.heart = HeartButton(self.likes, window.controller)
        window.now_playing.add_beside_title(self.heart)
        actions = window.list_actions
        actions.saved = lambda _name: self.actions.refresh()
        for page in (window.queue, window.mixes, window.recommendations):
            page.saveAsPlaylist.connect(actions.save_playlist)

    def load(self) -> None:
        """Read the playlists (for the menus) and the likes (for the hearts), in workers."""
        self.actions.refresh()
        self.likes.load()
