"""Columns side by side while each gets a readable width, stacked into fewer rows when not.

Home's three "Because you played …" lists were three columns whatever the width: at 800 px
wide, beside Up next, each was ~100 px and showed "trac…". This box lays its columns out
again whenever its width changes, with as many side by side as fit ``min_width`` each.
"""

from __future__ import annotations

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QWidget


class ReflowColumns(QWidget):
    def __init__(self, min_width: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._min_width = min_width
        self._columns: list[QWidget] = []
        self._per_row = 0
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)

    def add_column(self, column: QWidget) -> None:
        self._columns.append(column)
        self._per_row = 0  # place them all again
        self._place(self.width())

    def per_row(self) -> int:
        """How many columns are side by side now."""
        return self._per_row

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place(event.size().width())

    def _place(self, width: int) -> None:
        spacing = max(self._grid.horizontalSpacing(), 0)
        fits = (width + spacing) // (self._min_width + spacing)
        per_row = max(1, min(len(self._columns), fits))
        if per_row == self._per_row:
            return
        self._per_row = per_row
        for column in self._columns:
            self._grid.removeWidget(column)
        for i, column in enumerate(self._columns):
            self._grid.addWidget(column, i // per_row, i % per_row)
        # The stretch of columns no longer used would keep their share of the width.
        for c in range(max(len(self._columns), 1)):
            self._grid.setColumnStretch(c, 1 if c < per_row else 0)
