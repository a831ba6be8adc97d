"""Cover art in a label. Where the picture comes from is the engine's one rule
(:func:`engine.library.covers.read_cover_bytes`); reading, decoding and scaling run in a worker
(the same scaling as the album grid's thumbnails), the GUI thread only makes the pixmap.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel, QWidget

from desktop.thumbnails import decode_square, hidpi_pixmap
from desktop.widgets.assets import icon
from desktop.workers import Job
from engine.library.covers import read_cover_bytes


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

    def loader(self, path: str) -> Callable[[Job], QImage]:
        """A worker job reading and scaling the cover of ``path`` for this label on this
        screen (``size × devicePixelRatio`` pixels: sharp on a 2× screen)."""
        px = max(1, round(self._size * self.devicePixelRatioF()))

        def load(_job: Job) -> QImage:
            data = read_cover_bytes(path)
            return decode_square(data, px) if data else QImage()

        return load

    def set_cover_image(self, image: QImage) -> None:
        """On the GUI thread: show what :meth:`loader` made (a null image: the placeholder)."""
        if image.isNull():
            self.clear_cover()
            return
        self.setPixmap(hidpi_pixmap(image, self._size))
        self.has_cover = True
