"""The navigation list on the left: Home, Library, Albums, Artists, Mixes, Queue, Settings."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from desktop.widgets.accessible import describe
from desktop.widgets.assets import icon

PAGES: tuple[tuple[str, str], ...] = (
    ("Home", "home"),
    ("Library", "library"),
    ("Albums", "albums"),
    ("Artists", "artists"),
    ("Mixes", "mixes"),
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
        for label, icon_name in PAGES:
            self.addItem(QListWidgetItem(icon(icon_name), label))
        self.setCurrentRow(0)

    def select(self, label: str) -> None:
        self.setCurrentRow([p[0] for p in PAGES].index(label))
