"""The heart at the end of a song row, as Spotify and Strawberry show it: filled when the song
is liked, faint when not (bright under the mouse or in the selection); a click on it likes or
unlikes the song (desktop/likes.py records the event).

One delegate for every list of songs: the Library table's Title column, the short lists
(desktop/widgets/track_list.py: Home, Queue, Playlists, Mixes, Up next) and the album and artist
pages' songs. The heart is read from :class:`Likes` at paint time and every list repaints when
the liked set changes, so a like made on the now-playing bar, in a context menu or in another
list shows everywhere at once.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QIcon, QMouseEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from desktop.likes import Likes
from desktop.widgets.assets import icon
from engine.models import Track

HEART = 16  # icon size
HEART_SPACE = 28  # width kept for it at the end of the cell
FAINT = 0.3  # an unliked heart away from the mouse and the selection: there, but quiet

Index = QModelIndex | QPersistentModelIndex
# The song a cell shows, or None (a row that is not a song: a mix on Home). Painting asks only
# for the id, so scrolling 100k library rows builds no ``Track``; a click asks for the track.
IdOf = Callable[[Index], str | None]
TrackOf = Callable[[Index], Track | None]


class HeartDelegate(QStyledItemDelegate):
    def __init__(
        self, likes: Likes, view: QAbstractItemView, id_of: IdOf, track_of: TrackOf
    ) -> None:
        super().__init__(view)
        self._likes = likes
        self._view = view
        self._id_of = id_of
        self._track_of = track_of
        view.setMouseTracking(True)  # the hovered row's heart brightens
        likes.changed.connect(view.viewport().update)

    @staticmethod
    def heart_rect(cell: QRect) -> QRect:
        """Where the heart is drawn (and clicked) inside ``cell``."""
        x = cell.right() - HEART_SPACE + 1 + (HEART_SPACE - HEART) // 2
        return QRect(x, cell.center().y() - HEART // 2 + 1, HEART, HEART)

    def liked(self, index: Index) -> bool | None:
        """Whether the song of ``index`` is liked; None for a row that is not a song."""
        track_id = self._id_of(index)
        return None if track_id is None else self._likes.is_liked(track_id)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        liked = self.liked(index)
        if liked is None:
            super().paint(painter, option, index)
            return
        style = self._view.style()
        # The row's background (selection, hover, alternate colour) runs under the heart too…
        panel = QStyleOptionViewItem(option)
        self.initStyleOption(panel, index)
        panel_kind = QStyle.PrimitiveElement.PE_PanelItemViewItem
        style.drawPrimitive(panel_kind, panel, painter, self._view)
        # …while the text stops short of it (and elides there).
        text = QStyleOptionViewItem(option)
        text.rect = option.rect.adjusted(0, 0, -HEART_SPACE, 0)
        super().paint(painter, text, index)
        state = option.state
        bright = liked or bool(
            state & (QStyle.StateFlag.State_MouseOver | QStyle.StateFlag.State_Selected)
        )
        painter.save()
        painter.setOpacity(1.0 if bright else FAINT)
        icon("heart-filled" if liked else "heart").paint(
            painter, self.heart_rect(option.rect), Qt.AlignmentFlag.AlignCenter, QIcon.Mode.Normal
        )
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        if self._id_of(index) is not None:
            size.setWidth(size.width() + HEART_SPACE)
            size.setHeight(max(size.height(), HEART + 4))
        return size

    def editorEvent(
        self, event: QEvent, model: QObject, option: QStyleOptionViewItem, index: Index
    ) -> bool:
        kinds = (
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseButtonRelease,
            QEvent.Type.MouseButtonDblClick,
        )
        if event.type() not in kinds or not isinstance(event, QMouseEvent):
            return super().editorEvent(event, model, option, index)
        on_heart = self.heart_rect(option.rect).contains(event.position().toPoint())
        if not on_heart or event.button() != Qt.MouseButton.LeftButton:
            return super().editorEvent(event, model, option, index)
        track = self._track_of(index)
        if track is None:
            return super().editorEvent(event, model, option, index)
        if event.type() == QEvent.Type.MouseButtonRelease:
            self._likes.toggle(track)
        # The press still selects the row; a double-click on the heart does not play the song.
        return event.type() != QEvent.Type.MouseButtonPress
