"""A playlist's song list: its rows reorder by a drag within it (Qt's InternalMove), and songs
dragged from any other list — the library, Up next, an album page — drop onto it, added at the
end, as the empty playlist's text promises ("drag songs here")."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QWidget

from desktop.models.track_drag import dragged_track_ids
from desktop.widgets.track_list import TrackList


class PlaylistTracks(TrackList):
    droppedIn = Signal(list)  # track ids dragged from another list

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.takes_songs = False  # Liked songs take none: a like is the heart's job

    def _from_elsewhere(self, event: QDragMoveEvent | QDropEvent) -> list[str]:
        # A drag from this list is a reorder, which InternalMove handles.
        if not self.takes_songs or event.source() is self:
            return []
        return dragged_track_ids(event.mimeData())

    # InternalMove refuses every drag that starts outside the list: those are taken here first.
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # Qt's name
        if self._from_elsewhere(event):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # Qt's name
        if self._from_elsewhere(event):
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # Qt's name
        ids = self._from_elsewhere(event)
        if ids:
            event.acceptProposedAction()
            self.droppedIn.emit(ids)
        else:
            super().dropEvent(event)
