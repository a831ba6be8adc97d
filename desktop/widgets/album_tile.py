"""How one album looks in the grid: its cover (or a placeholder) and two lines of text.

Painted by a delegate, not a widget per album: 10k albums cost one model row each, and a frame
paints only the tiles on screen. Text goes through ``drawText`` as plain strings (never rich
text); the placeholder is the album's initials on a colour derived from its key, so the same
album keeps its colour.
"""

from __future__ import annotations

import hashlib
import re

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop.models.album_model import ItemRole
from desktop.models.formatting import one_line
from desktop.thumbnails import Thumbnails
from engine.library.albums import Album

COVER = 150  # logical pixels; thumbnails are this × the screen's device pixel ratio
PAD = 8
TILE = QSize(COVER + 2 * PAD + 8, COVER + PAD + 50)


def placeholder_colour(key: str) -> QColor:
    digest = hashlib.sha1(key.encode("utf-8", "surrogateescape")).digest()
    return QColor.fromHsl(int.from_bytes(digest[:2], "big") % 360, 110, 95)


def initials(title: str) -> str:
    words = re.findall(r"\w+", title)
    return "".join(w[0] for w in words[:2]).upper() or "♪"


def paint_placeholder(painter: QPainter, rect: QRect, album: Album) -> None:
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(placeholder_colour(album.key))
    painter.drawRoundedRect(rect, 4, 4)
    font = QFont(painter.font())
    font.setPixelSize(max(8, rect.height() // 3))
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor(255, 255, 255, 230))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, initials(album.title))
    painter.restore()


def placeholder_pixmap(album: Album, size: int, dpr: float) -> QPixmap:
    """The placeholder as a pixmap (the album page's big cover), sharp at ``dpr``."""
    pixmap = QPixmap(round(size * dpr), round(size * dpr))
    pixmap.setDevicePixelRatio(dpr)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    paint_placeholder(painter, QRect(0, 0, size, size), album)
    painter.end()
    return pixmap


class AlbumTileDelegate(QStyledItemDelegate):
    def __init__(self, thumbnails: Thumbnails, parent=None) -> None:
        super().__init__(parent)
        self.thumbnails = thumbnails

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # Qt's name
        return TILE

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        album: Album = index.data(ItemRole)
        widget = option.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else QApplication.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, widget)
        rect = option.rect  # type: ignore[attr-defined]
        cover = QRect(rect.x() + (rect.width() - COVER) // 2, rect.y() + PAD, COVER, COVER)
        pixmap = self.thumbnails.pixmap(album, painter.device().devicePixelRatioF())
        if pixmap is None:
            paint_placeholder(painter, cover, album)
        else:
            painter.drawPixmap(cover, pixmap)
        metrics = option.fontMetrics  # type: ignore[attr-defined]
        line = metrics.height()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        palette: QPalette = option.palette  # type: ignore[attr-defined]
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setPen(palette.color(text_role))
        top = cover.bottom() + 6
        title = metrics.elidedText(one_line(album.title), Qt.TextElideMode.ElideRight, COVER)
        painter.drawText(QRect(cover.x(), top, COVER, line), Qt.AlignmentFlag.AlignLeft, title)
        if not selected:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        artist = metrics.elidedText(one_line(album.artist), Qt.TextElideMode.ElideRight, COVER)
        painter.drawText(
            QRect(cover.x(), top + line + 2, COVER, line), Qt.AlignmentFlag.AlignLeft, artist
        )
        painter.restore()
