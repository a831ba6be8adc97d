"""Labels that never interpret tag text as rich text, and can elide instead of widening."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QStyleOption, QWidget

from desktop.models.formatting import one_line, plain_tooltip

ELIDED_MIN_WIDTH = 40


class PlainLabel(QLabel):
    """A QLabel fixed to plain text: a title like ``<b>x</b>`` shows literally.

    With ``elide=True`` a text longer than the label ends in "…" and the full text is its
    tooltip; the label then asks for almost no width, so a long import summary or song title
    can never widen the window.
    """

    def __init__(
        self,
        text: str = "",
        parent: QWidget | None = None,
        *,
        name: str = "",
        elide: bool = False,
    ) -> None:
        super().__init__(parent)
        self._elide = elide
        self.setTextFormat(Qt.TextFormat.PlainText)
        if name:
            self.setObjectName(name)
        self.setText(text)

    def setText(self, text: str) -> None:  # Qt's name, so every caller gets plain text
        super().setText(one_line(text))
        if self._elide:
            self._sync_tooltip()

    def set_wrapped(self, wrapped: bool) -> None:
        """Show the whole text on as many lines as it needs (``True``), or elide it again.

        A finished import's summary wraps: cut at "…0 already …" it hid the counts a listener
        reads it for, behind a tooltip; a running stage elides, so the panel keeps its height.
        """
        self._elide = not wrapped
        self.setWordWrap(wrapped)
        self._sync_tooltip()
        self.updateGeometry()
        self.update()

    def is_elided(self) -> bool:
        return self._elide and self.fontMetrics().horizontalAdvance(self.text()) > self._room()

    def _room(self) -> int:
        return self.contentsRect().width()

    def _sync_tooltip(self) -> None:
        self.setToolTip(plain_tooltip(self.text()) if self.is_elided() else "")

    def minimumSizeHint(self) -> QSize:  # Qt's name
        hint = super().minimumSizeHint()
        if self._elide:
            hint.setWidth(min(hint.width(), ELIDED_MIN_WIDTH))
        return hint

    def resizeEvent(self, event) -> None:  # Qt's name
        super().resizeEvent(event)
        if self._elide:
            self._sync_tooltip()

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt's name
        if not self._elide:
            super().paintEvent(event)
            return
        painter = QPainter(self)
        option = QStyleOption()
        option.initFrom(self)
        shown = self.shown_text()
        self.style().drawItemText(
            painter,
            self.contentsRect(),
            int(self.alignment()),
            option.palette,
            self.isEnabled(),
            shown,
            self.foregroundRole(),
        )

    def shown_text(self) -> str:
        """What is painted (the elided text); for tests and accessibility."""
        if not self._elide:
            return self.text()
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, self._room())


def elided(widget: QWidget, text: str, width: int) -> str:
    """``text`` cut to ``width`` pixels in ``widget``'s font (a button's text, say)."""
    return widget.fontMetrics().elidedText(one_line(text), Qt.TextElideMode.ElideRight, width)
