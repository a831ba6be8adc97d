"""Labels that never interpret tag text as rich text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from desktop.models.formatting import one_line


class PlainLabel(QLabel):
    """A QLabel fixed to plain text: a title like ``<b>x</b>`` shows literally."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *, name: str = "") -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        if name:
            self.setObjectName(name)
        self.setText(text)

    def setText(self, text: str) -> None:  # Qt's name, so every caller gets plain text
        super().setText(one_line(text))
