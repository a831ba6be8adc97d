"""Cover art: the picture embedded in the file, else an image beside it in the folder.

:func:`read_cover_bytes` does file I/O and runs in a worker; :class:`CoverLabel` turns the bytes
into a pixmap on the GUI thread.
"""

from __future__ import annotations

import base64
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QWidget

from desktop.widgets.assets import icon

FOLDER_IMAGES = ("cover", "folder", "front", "album", "albumart")
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")


def read_cover_bytes(path: str) -> bytes | None:
    """Image bytes for the track at ``path``, or None; never raises on a bad file."""
    try:
        embedded = _embedded(path)
    except Exception:  # a broken tag must not hide the folder image
        embedded = None
    return embedded or _folder_image(Path(path).parent)


def _embedded(path: str) -> bytes | None:
    import mutagen
    from mutagen.flac import Picture

    audio = mutagen.File(path)
    if audio is None:
        return None
    pictures = getattr(audio, "pictures", None)  # FLAC
    if pictures:
        return pictures[0].data
    tags = audio.tags
    if tags is None:
        return None
    if hasattr(tags, "getall"):  # ID3
        frames = tags.getall("APIC")
        if frames:
            return frames[0].data
    covr = tags.get("covr") if hasattr(tags, "get") else None  # MP4
    if covr:
        return bytes(covr[0])
    blocks = tags.get("metadata_block_picture") if hasattr(tags, "get") else None  # Ogg
    if blocks:
        return Picture(base64.b64decode(blocks[0])).data
    return None


def _folder_image(folder: Path) -> bytes | None:
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return None
    for entry in entries:
        if entry.stem.lower() in FOLDER_IMAGES and entry.suffix.lower() in IMAGE_SUFFIXES:
            try:
                return entry.read_bytes()
            except OSError:
                continue
    return None


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
