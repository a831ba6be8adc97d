"""The Playlists page's list of names: Liked songs, then each playlist; songs dragged from
the library drop onto a playlist."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QWidget

from desktop.models.track_drag import dragged_track_ids

NameRole = Qt.ItemDataRole.UserRole + 2  # the playlist's name; None on Liked songs


class PlaylistNames(QListWidget):
    """Liked songs, then each playlist; songs dragged from the library drop onto a playlist."""

    droppedOn = Signal(str, list)  # playlist name, track ids

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)

    def _target(self, event: QDropEvent | QDragMoveEvent) -> str | None:
        item = self.itemAt(event.position().toPoint())
        return None if item is None else item.data(NameRole)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # Qt's name
        if dragged_track_ids(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # Qt's name
        if self._target(event) is not None and dragged_track_ids(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # Qt's name
        name, ids = self._target(event), dragged_track_ids(event.mimeData())
        if name is None or not ids:
            event.ignore()
            return
        event.acceptProposedAction()
        self.droppedOn.emit(name, ids)
