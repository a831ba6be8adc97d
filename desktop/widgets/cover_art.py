"""Cover art in a label. Where the picture comes from is the engine's one rule
(:func:`engine.library.covers.read_cover_bytes`, file I/O run in a worker); :class:`CoverLabel`
turns the bytes into a pixmap on the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QWidget

from desktop.widgets.assets import icon


class CoverLabel(QLabel):
    def __init__(self, size: int = 56, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._size = size
        self.setFixedSize(size, size)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.clear_cover()

    def clear_cover(self) -> None:
        self.setPixmap(icon("note").pixmap(self._size // 2, self._size // 2))
        self.has_cover = False

    def set_cover_bytes(self, data: bytes | None) -> None:
        image = QImage.fromData(data) if data else QImage()
        if image.isNull():
            self.clear_cover()
            return
        scaled = image.scaled(
            self._size,
            self._size,
            Qt.AspectRatioMode.KeepAspectRatioByExpanding,
            Qt.TransformationMode.SmoothTransformation,
        )
        self.setPixmap(QPixmap.fromImage(scaled))
        self.has_cover = True
