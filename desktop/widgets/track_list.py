"""A short list of songs (Home, Mixes, Queue, Recommendations, Playlists): plain-text items,
double-click plays, the same context menu as the library."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import QMimeData, QPoint, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QSizePolicy,
    QWidget,
)

from desktop.i18n import translate
from desktop.models.formatting import one_line, plain_tooltip, row_marks
from desktop.models.track_drag import TRACK_IDS_MIME, track_mime
from engine.library.paths import path_text
from engine.models import Track

TrackRole = Qt.ItemDataRole.UserRole + 1
MenuActions = list[tuple[str, Callable[[Track], None]]]
# Adds what every list's menu offers beyond its own actions (Like, Add to playlist ▸) for the
# songs it acts on: desktop/widgets/track_menu.py, given to each list by the window.
MenuExtras = Callable[[QMenu, list[Track]], None]


class Queueing(Protocol):
    """What a list's context menu asks of playback (the controller)."""

    def play_next(self, tracks: Sequence[Track]) -> None: ...
    def add_to_queue(self, tracks: Sequence[Track]) -> None: ...
    def start_radio(self, seed: Track) -> bool: ...


def queue_actions(controller: Queueing) -> MenuActions:
    """The context menu every song list shares: Play next, Add to queue, Start radio."""
    return [
        (translate("TrackList", "Play next"), lambda t: controller.play_next([t])),
        (translate("TrackList", "Add to queue"), lambda t: controller.add_to_queue([t])),
        (translate("TrackList", "Start radio"), controller.start_radio),
    ]


class TrackList(QListWidget):
    trackActivated = Signal(object, int)  # Track, row

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setUniformItemSizes(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.itemActivated.connect(self._activated)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)
        self.menu_actions: MenuActions = []
        self.menu_extras: MenuExtras | None = None
        self._playing: str | None = None
        # A list where one song can appear twice (the queue) marks its playing entry by row
        # (-1: none); ``None`` marks every row of the playing song.
        self.playing_row: int | None = None
        # Whether a song is liked, for the rows' accessible descriptions (set by the window).
        self.is_liked: Callable[[str], bool] | None = None
        # Songs drag out onto a playlist (desktop/models/track_drag.py).
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self._fits_rows = False  # see fit_rows

    def fit_rows(self) -> None:
        """As tall as its rows, never scrolling: for a page that scrolls as one (Home), where a
        list of its own height showed a second scroll bar and caught the wheel."""
        self._fits_rows = True
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        model = self.model()
        for changed in (model.rowsInserted, model.rowsRemoved, model.modelReset):
            changed.connect(self.updateGeometry)

    def sizeHint(self) -> QSize:  # Qt's name
        hint = super().sizeHint()
        if self._fits_rows:
            hint.setHeight(self._rows_height())
        return hint

    def minimumSizeHint(self) -> QSize:  # Qt's name
        hint = super().minimumSizeHint()
        if self._fits_rows:
            hint.setHeight(self._rows_height())
        return hint

    def _rows_height(self) -> int:
        rows = sum(self.sizeHintForRow(i) + 2 * self.spacing() for i in range(self.count()))
        return rows + 2 * self.frameWidth()

    def set_tracks(self, tracks: Sequence[Track], details: Sequence[str] | None = None) -> None:
        self.clear()
        for i, track in enumerate(tracks):
            text = f"{one_line(track.title)} — {one_line(track.artist)}"
            if details is not None and details[i]:
                text += "\n" + one_line(details[i])
            item = QListWidgetItem(text)  # QListWidgetItem text is never rich text
            item.setData(TrackRole, track)
            # A narrow list cuts the detail line (a reason) with "…": the tooltip has it whole.
            tip = path_text(track.path) if details is None else f"{text}\n{path_text(track.path)}"
            item.setToolTip(plain_tooltip(tip))
            self.addItem(item)
        self.mark_playing(self._playing)

    def mark_playing(self, track_id: str | None) -> None:
        """The song playing shows in bold; a screen reader hears it, and which are liked."""
        self._playing = track_id
        for i in range(self.count()):
            item = self.item(i)
            track = item.data(TrackRole)  # None for a list of mixes (Home)
            if self.playing_row is not None:
                playing = i == self.playing_row
            else:
                playing = track is not None and track.track_id == track_id
            font = item.font()
            if font.bold() != playing:
                font.setBold(playing)
                item.setFont(font)
            is_liked = self.is_liked
            liked = track is not None and is_liked is not None and is_liked(track.track_id)
            item.setData(
                Qt.ItemDataRole.AccessibleDescriptionRole, row_marks(playing=playing, liked=liked)
            )

    def likes_changed(self) -> None:
        self.mark_playing(self._playing)

    def mimeTypes(self) -> list[str]:  # Qt's name
        return [TRACK_IDS_MIME, "text/uri-list"]

    def mimeData(self, items: Sequence[QListWidgetItem]) -> QMimeData:  # Qt's name
        tracks = [t for t in (i.data(TrackRole) for i in items) if t is not None]
        return track_mime(tracks) if tracks else QMimeData()

    def tracks(self) -> list[Track]:
        return [self.item(i).data(TrackRole) for i in range(self.count())]

    def _activated(self, item: QListWidgetItem) -> None:
        self.trackActivated.emit(item.data(TrackRole), self.row(item))

    def _menu(self, pos: QPoint) -> None:
        item = self.itemAt(pos)
        if item is None or item.data(TrackRole) is None:
            return  # a list of mixes (Home) has its own menu
        menu = self.menu_for(item.data(TrackRole))
        if not menu.isEmpty():
            menu.exec(self.viewport().mapToGlobal(pos))

    def menu_for(self, track: Track) -> QMenu:
        menu = QMenu(self)
        for label, fn in self.menu_actions:
            menu.addAction(label, lambda fn=fn: fn(track))
        if self.menu_extras is not None:
            self.menu_extras(menu, [track])
        return menu
