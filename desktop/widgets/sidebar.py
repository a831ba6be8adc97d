"""The navigation list on the left: Home, Library, Albums, Artists, Mixes, Playlists, Queue,
Settings.

Songs dragged over Playlists open that page, so they can be dropped onto a playlist there."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from desktop.models.track_drag import dragged_track_ids
from desktop.widgets.accessible import describe
from desktop.widgets.assets import icon

PAGES: tuple[tuple[str, str], ...] = (
    ("Home", "home"),
    ("Library", "library"),
    ("Albums", "albums"),
    ("Artists", "artists"),
    ("Mixes", "mixes"),
    ("Playlists", "playlist"),
    ("Queue", "queue"),
    ("Settings", "settings"),
)


class Sidebar(QListWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self.setIconSize(QSize(20, 20))
        self.setFixedWidth(180)
        describe(self, "Pages", ", ".join(p[0] for p in PAGES[:-1]) + " and " + PAGES[-1][0])
        self.setAcceptDrops(True)
        for label, icon_name in PAGES:
            self.addItem(QListWidgetItem(icon(icon_name), label))
        self.setCurrentRow(0)

    def select(self, label: str) -> None:
        self.setCurrentRow([p[0] for p in PAGES].index(label))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # Qt's name
        if dragged_track_ids(event.mimeData()):
            event.accept()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # Qt's name
        item = self.itemAt(event.position().toPoint())
        if item is not None and item.text() == "Playlists":
            self.select("Playlists")
        event.ignore()  # nothing is dropped on the sidebar itself
