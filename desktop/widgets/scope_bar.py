"""The bar above the library table while it shows only one album's or artist's songs."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from desktop.widgets.accessible import describe
from desktop.widgets.labels import PlainLabel


class ScopeBar(QWidget):
    cleared = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scopeBar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = PlainLabel("", name="muted", elide=True)  # album and artist are tag text
        self.show_all = QPushButton(self.tr("Show all songs"))
        describe(
            self.show_all,
            self.tr("Show all songs"),
            self.tr("Stop showing only this album or artist"),
        )
        self.show_all.clicked.connect(self.cleared)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.show_all)
        self.hide()

    def show_scope(self, text: str) -> None:
        self.label.setText(text)
        self.show()
