"""The sound map: every analysed song as a dot on a 2-D projection of its features, coloured
by mix. Click a dot to play it; resting the pointer on one names its song. Painted directly (no
item per dot), so 100k dots stay cheap. Its legend is the list of mixes beside it: each row
starts with its mix's colour (:func:`swatch`), and the mix chosen there stands out on the map
(:meth:`SoundMapWidget.choose`)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QEvent, QPointF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QIcon,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QToolTip, QWidget

from desktop.models.formatting import plain_tooltip
from desktop.services import SoundMap

MARGIN = 16
HIT_RADIUS = 8.0
PALETTE = (
    "#1db980", "#4f8cff", "#ff7a59", "#f5c542", "#b57cff", "#3fd0e0", "#ff5c8a", "#9bd35a",
    "#ff9f40", "#6c7cff", "#e05cff", "#46c7a5", "#d6d36b", "#ff6b6b", "#5ab0ff", "#c79bff",
)  # fmt: skip


FADED_ALPHA = 70  # the other mixes' dots while one mix is chosen: there, but behind
SWATCH = 12  # px: a mix's colour beside its name in the list (the map's legend)


def cluster_colour(cluster: int) -> QColor:
    return QColor("#6b7280") if cluster < 0 else QColor(PALETTE[cluster % len(PALETTE)])


def swatch(cluster: int) -> QIcon:
    """A round dot of the mix's map colour, for its row in the list of mixes."""
    pixmap = QPixmap(SWATCH, SWATCH)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(cluster_colour(cluster))
    painter.drawEllipse(0, 0, SWATCH, SWATCH)
    painter.end()
    return QIcon(pixmap)


class SoundMapWidget(QWidget):
    dotClicked = Signal(str)  # track id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("soundMap")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setMinimumHeight(220)
        self.setMouseTracking(False)
        self._map = SoundMap([], np.zeros((0, 2)), np.zeros(0, dtype=np.int64))
        self.highlight: str | None = None
        self.chosen: int | None = None  # the mix chosen in the list: its dots stand out
        # A dot's song as one line for its tooltip; the window names it from the library.
        self.describe: Callable[[str], str | None] = lambda _track_id: None

    def set_map(self, sound_map: SoundMap) -> None:
        self._map = sound_map
        self.update()

    def choose(self, cluster: int | None) -> None:
        """Bring ``cluster``'s dots forward and fade the others (``None``: all alike)."""
        self.chosen = cluster
        self.update()

    @property
    def size_of_map(self) -> int:
        return len(self._map.track_ids)

    def _screen(self) -> np.ndarray:
        """Dot centres in widget pixels, shape (n, 2)."""
        w = max(self.width() - 2 * MARGIN, 1)
        h = max(self.height() - 2 * MARGIN, 1)
        xy = self._map.xy
        return np.column_stack(
            (MARGIN + (xy[:, 0] + 1) / 2 * w, MARGIN + (1 - (xy[:, 1] + 1) / 2) * h)
        )

    def track_at(self, x: float, y: float) -> str | None:
        if not self._map.track_ids:
            return None
        d2 = ((self._screen() - (x, y)) ** 2).sum(axis=1)
        i = int(np.argmin(d2))
        return self._map.track_ids[i] if d2[i] <= HIT_RADIUS**2 else None

    def point_of(self, track_id: str) -> QPointF | None:
        try:
            i = self._map.track_ids.index(track_id)
        except ValueError:
            return None
        x, y = self._screen()[i]
        return QPointF(float(x), float(y))

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#0f1217"))
        if not self._map.track_ids:
            painter.setPen(QColor("#8a8f98"))
            painter.drawText(
                self.rect(),
                Qt.AlignmentFlag.AlignCenter,
                self.tr("The sound map appears after analysis"),
            )
            return
        screen = self._screen()
        size = 7.0 if len(screen) < 2000 else 3.0
        clusters = self._map.clusters
        order = np.unique(clusters)
        if self.chosen is not None:  # painted last, so on top of the faded ones
            order = np.concatenate((order[order != self.chosen], order[order == self.chosen]))
        for cluster in order:
            colour = cluster_colour(int(cluster))
            if self.chosen is not None and cluster != self.chosen:
                colour.setAlpha(FADED_ALPHA)
            pen = QPen(colour, size)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            pts = screen[clusters == cluster]
            painter.drawPoints([QPointF(float(x), float(y)) for x, y in pts])
        if self.highlight is not None:
            point = self.point_of(self.highlight)
            if point is not None:
                painter.setPen(QPen(QColor("#ffffff"), 2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawEllipse(point, 7, 7)

    def event(self, event: QEvent) -> bool:  # Qt's name
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            tid = self.track_at(event.pos().x(), event.pos().y())
            text = self.describe(tid) if tid is not None else None
            if text:
                QToolTip.showText(event.globalPos(), plain_tooltip(text), self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # Qt's name
        if event.button() == Qt.MouseButton.LeftButton:
            tid = self.track_at(event.position().x(), event.position().y())
            if tid is not None:
                self.highlight = tid
                self.update()
                self.dotClicked.emit(tid)
        super().mouseReleaseEvent(event)
