"""What can be done with a whole album (or any list of rows): play, shuffle, queue. One place,
so the grid's context menu, the album page and the artist page do the same thing."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QMenu, QWidget

from desktop.controller import PlaybackController
from desktop.i18n import translate
from desktop.widgets.assets import icon
from engine.library.albums import Album, Row
from engine.playback.track_list import LazyTracks


def tracks_of(rows: Sequence[Row]) -> LazyTracks:
    """``rows`` as a queue-ready list (a ``Track`` is built only for what is played)."""
    return LazyTracks.from_rows(list(rows))


class AlbumActions:
    def __init__(self, controller: PlaybackController) -> None:
        self.controller = controller

    def play(self, rows: Sequence[Row], start: int = 0, context: str = "") -> None:
        self.controller.play_tracks(tracks_of(rows), start, context=context)

    def shuffle(self, rows: Sequence[Row], context: str = "") -> None:
        self.controller.play_shuffled(tracks_of(rows), context)

    def play_next(self, rows: Sequence[Row]) -> None:
        self.controller.play_next(tracks_of(rows))

    def add_to_queue(self, rows: Sequence[Row]) -> None:
        self.controller.add_to_queue(tracks_of(rows))

    def menu(self, album: Album, parent: QWidget) -> QMenu:
        """The album's context menu (the grid's right click)."""
        rows, context = album.rows, album.title
        menu = QMenu(parent)
        menu.addAction(
            icon("play"),
            translate("AlbumActions", "Play"),
            lambda: self.play(rows, context=context),
        )
        menu.addAction(
            icon("shuffle"),
            translate("AlbumActions", "Shuffle"),
            lambda: self.shuffle(rows, context),
        )
        menu.addAction(translate("AlbumActions", "Play next"), lambda: self.play_next(rows))
        menu.addAction(translate("AlbumActions", "Add to queue"), lambda: self.add_to_queue(rows))
        return menu
