"""What every song list's context menu offers beyond its own actions: Like / Unlike and
"Add to playlist ▸ <name> / New playlist…". One builder, given to each list by the window
(desktop/views/playlist_wiring.py), so the library table, Home, the queue, the
recommendations pane, the mixes and the playlists all say the same."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMenu, QWidget

from desktop.i18n import translate
from desktop.likes import Likes
from desktop.playlist_actions import PlaylistActions
from desktop.widgets.assets import icon
from engine.models import Track


def ask_name(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    """A name typed in a small dialog; None when cancelled or left blank."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextValue(text)
    dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
    dialog.setAccessibleName(title)
    dialog.setAccessibleDescription(label)
    if not dialog.exec():
        return None
    name = dialog.textValue().strip()
    return name or None


class TrackMenu:
    def __init__(self, playlists: PlaylistActions, likes: Likes, parent: QWidget) -> None:
        self._playlists = playlists
        self._likes = likes
        self._parent = parent

    def extend(self, menu: QMenu, tracks: list[Track], *, like: bool = True) -> None:
        """Add Like/Unlike (unless ``like`` is False: a whole mix) and Add to playlist ▸."""
        tracks = [t for t in tracks if t.path]  # an entry whose song left the library
        if not tracks:
            return
        menu.addSeparator()
        if like:
            if all(self._likes.is_liked(t.track_id) for t in tracks):
                menu.addAction(
                    icon("heart"),
                    translate("TrackMenu", "Unlike"),
                    lambda: self._likes.set_liked(tracks, False),
                )
            else:
                menu.addAction(
                    icon("heart-filled"),
                    translate("TrackMenu", "Like"),
                    lambda: self._likes.set_liked(tracks, True),
                )
        sub = menu.addMenu(icon("playlist"), translate("TrackMenu", "Add to playlist"))
        for name in self._playlists.names():
            # "&" in a menu text marks a shortcut key; "&&" shows one "&".
            sub.addAction(
                name.replace("&", "&&"), lambda name=name: self._playlists.add(name, tracks)
            )
        if self._playlists.names():
            sub.addSeparator()
        sub.addAction(translate("TrackMenu", "New playlist…"), lambda: self.new_playlist(tracks))

    def new_playlist(self, tracks: list[Track]) -> None:
        name = ask_name(
            self._parent,
            translate("TrackMenu", "New playlist"),
            translate("TrackMenu", "Name of the new playlist:"),
        )
        if name is not None:
            self._playlists.create(name, tracks)
