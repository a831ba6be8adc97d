"""Album cover thumbnails: decoded and scaled in a worker, cached on disk and in memory.

A thumbnail is ``size × devicePixelRatio`` pixels (sharp on a 2× screen), written as JPEG to
``cache_dir/thumbnails/<sha1>.jpg`` (a noisy 300 px test picture: 33 kB as JPEG at 90, 229 kB
as PNG, so 10k albums at 2× stay near 330 MB rather than 2 GB); the hash covers the album
key, the album's newest file and the folder image's path and mtime, so a re-tagged file or a
new ``cover.jpg`` makes a new one. An album without any cover leaves an empty ``.none`` file,
so the next start does not open its files again. Each start trims the folder to
:data:`DISK_BYTES`, least recently used first (a cache hit touches its file). Where the
picture comes from is the engine's one rule (:func:`engine.library.covers.read_cover_bytes`).

The GUI thread only asks (:meth:`Thumbnails.pixmap`, from a paint) and turns finished images
into pixmaps; a worker does every file read, decode and scale. The most recently asked albums
are loaded first and at most :data:`IN_FLIGHT` at a time, so a fast scroll through 10k albums
does not queue 10k jobs ahead of the library's own.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QRect, QSize, Qt, Signal
from PySide6.QtGui import QImage, QImageReader, QPixmap

from desktop.workers import Job, Workers
from engine.library.albums import Album
from engine.library.covers import folder_image, read_cover_bytes

# One decoder at a time: a screenful is ~20 covers of a few ms each, and on two cores a second
# decoder would compete with the GUI thread for the core it paints on.
IN_FLIGHT = 1
PENDING = 256  # requests kept waiting; older ones (scrolled past) are dropped
JPEG_QUALITY = 90
DISK_BYTES = 512 * 1024 * 1024  # the thumbnails folder; the least recently used go first
MEMORY_BYTES = 96 * 1024 * 1024  # pixmaps kept in memory (about 250 tiles at 2×)


@dataclass(frozen=True, slots=True)
class Thumb:
    image: QImage | None  # None: the album has no cover (draw the placeholder)
    source: Literal["cache", "decoded", "none"]


def cache_file(folder: Path, album: Album, px: int) -> Path:
    """Where the thumbnail of ``album`` at ``px`` pixels is cached (without the suffix)."""
    source = album.cover_source
    image = folder_image(Path(source).parent)
    try:
        image_mtime = image.stat().st_mtime_ns if image is not None else 0
    except OSError:
        image_mtime = 0
    key = f"{album.key}\0{album.mtime_ns}\0{image or ''}\0{image_mtime}\0{px}"
    return folder / hashlib.sha1(key.encode("utf-8", "surrogateescape")).hexdigest()


def load_thumbnail(folder: Path, album: Album, px: int) -> Thumb:
    """The thumbnail of ``album`` as a ``px``-square image: from the disk cache, else decoded
    from the cover and written there. Worker thread only; never raises on a bad file."""
    base = cache_file(folder, album, px)
    jpg, none = base.with_suffix(".jpg"), base.with_suffix(".none")
    if none.exists():
        return Thumb(None, "cache")
    cached = QImage(str(jpg)) if jpg.exists() else QImage()
    if not cached.isNull():
        with contextlib.suppress(OSError):
            os.utime(jpg)  # used now: the pruning keeps it
        return Thumb(cached, "cache")
    data = read_cover_bytes(album.cover_source)
    scaled = decode_square(data, px) if data else QImage()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if scaled.isNull():
            none.touch()
        else:
            # Unique per writer: two windows (or two sizes) may write the same one at once.
            tmp = base.with_name(f"{base.name}.{os.getpid()}.{threading.get_ident()}.jpg")
            if scaled.save(str(tmp), "JPEG", JPEG_QUALITY):
                os.replace(tmp, jpg)  # a reader never sees half a file
    except OSError:
        pass  # a full or read-only cache only costs decoding again next time
    if scaled.isNull():
        return Thumb(None, "none")
    return Thumb(scaled, "decoded")


def prune(folder: Path, budget: int = DISK_BYTES) -> int:
    """Delete the least recently used thumbnails until ``folder`` holds at most ``budget``
    bytes (old keys of re-tagged albums would otherwise stay for ever); returns how many."""
    try:
        entries = [(e.stat().st_mtime_ns, e.stat().st_size, e.path) for e in os.scandir(folder)]
    except OSError:
        return 0
    total = sum(size for _, size, _ in entries)
    removed = 0
    for _mtime, size, path in sorted(entries):
        if total <= budget:
            break
        try:
            os.remove(path)
        except OSError:
            continue
        total -= size
        removed += 1
    return removed


def decode_square(data: bytes, px: int) -> QImage:
    """``data`` (any image format Qt reads) decoded straight to about ``px`` on its short side
    (a JPEG decodes at a fraction of its size: a fifth of the time, and of the time the worker
    holds the GIL the GUI thread needs), then cropped square. Null for bytes that are no image."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    size = reader.size()
    if size.isValid() and min(size.width(), size.height()) > px:
        scale = px / min(size.width(), size.height())
        reader.setScaledSize(
            QSize(max(px, round(size.width() * scale)), max(px, round(size.height() * scale)))
        )
    image = reader.read()
    return image if image.isNull() else square(image, px)


def square(image: QImage, px: int) -> QImage:
    """``image`` scaled to fill ``px × px``, the overflow cropped evenly (covers are square,
    but a photo of a sleeve may not be)."""
    scaled = image.scaled(
        px,
        px,
        Qt.AspectRatioMode.KeepAspectRatioByExpanding,
        Qt.TransformationMode.SmoothTransformation,
    )
    x, y = (scaled.width() - px) // 2, (scaled.height() - px) // 2
    cropped = scaled.copy(QRect(x, y, px, px))
    return cropped.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)


def hidpi_pixmap(image: QImage, logical: int) -> QPixmap:
    """``image`` (made at ``logical × devicePixelRatio`` pixels) as a pixmap that is
    ``logical`` pixels wide on screen: every pixel used on a 2× screen, none blurred up."""
    pixmap = QPixmap.fromImage(image)
    pixmap.setDevicePixelRatio(image.width() / logical)
    return pixmap


class Thumbnails(QObject):
    """Album key → pixmap, on the GUI thread; loads what it does not have in a worker."""

    ready = Signal(str)  # album key: its thumbnail (or its lack of one) is now known

    def __init__(
        self,
        cache_dir: Path,
        workers: Workers,
        size: int,
        *,
        memory_bytes: int = MEMORY_BYTES,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.folder = cache_dir / "thumbnails"
        self.size = size
        self._workers = workers
        self._memory_bytes = memory_bytes
        self._used = 0
        self._pixmaps: OrderedDict[tuple[str, int], QPixmap | None] = OrderedDict()
        self._pending: OrderedDict[tuple[str, int], Album] = OrderedDict()
        self._running: set[tuple[str, int]] = set()
        self.loaded: dict[str, str] = {}  # album key -> how it was last loaded (Thumb.source)
        folder = self.folder
        workers.submit(lambda job: prune(folder), name="thumbnail-prune")

    def pixmap(self, album: Album, dpr: float) -> QPixmap | None:
        """The album's thumbnail for a screen of ``dpr``, or None (not known yet, or no
        cover: the caller draws the placeholder). Asks a worker for what is not known."""
        px = max(1, round(self.size * dpr))
        slot = (album.key, px)
        if slot in self._pixmaps:
            self._pixmaps.move_to_end(slot)
            return self._pixmaps[slot]
        if slot not in self._running:
            self._pending[slot] = album
            self._pending.move_to_end(slot)  # the latest asked is loaded first
            while len(self._pending) > PENDING:
                self._pending.popitem(last=False)
            self._start()
        return None

    def known(self, album: Album, dpr: float) -> bool:
        return (album.key, max(1, round(self.size * dpr))) in self._pixmaps

    def _start(self) -> None:
        while self._pending and len(self._running) < IN_FLIGHT:
            slot, album = self._pending.popitem(last=True)
            self._running.add(slot)

            def work(job: Job, album: Album = album, px: int = slot[1]) -> Thumb:
                return load_thumbnail(self.folder, album, px)

            self._workers.submit(
                work,
                name="thumbnail",
                done=lambda thumb, slot=slot: self._loaded(slot, thumb),
                failed=lambda _exc, slot=slot: self._loaded(slot, Thumb(None, "none")),
            )

    def _loaded(self, slot: tuple[str, int], thumb: Thumb) -> None:
        self._running.discard(slot)
        pixmap = None
        if thumb.image is not None:
            pixmap = hidpi_pixmap(thumb.image, self.size)
            self._used += _bytes(pixmap)
        self._pixmaps[slot] = pixmap
        self.loaded[slot[0]] = thumb.source
        while self._used > self._memory_bytes and len(self._pixmaps) > 1:
            _old, evicted = self._pixmaps.popitem(last=False)
            self._used -= _bytes(evicted)
        self.ready.emit(slot[0])
        self._start()

    def in_memory(self) -> int:
        return len(self._pixmaps)


def _bytes(pixmap: QPixmap | None) -> int:
    return 0 if pixmap is None else pixmap.width() * pixmap.height() * 4
