"""Labels that never interpret tag text as rich text, and can elide instead of widening."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QTextLayout
from PySide6.QtWidgets import QLabel, QStyleOption, QWidget

from desktop.models.formatting import one_line, plain_tooltip

ELIDED_MIN_WIDTH = 40


class PlainLabel(QLabel):
    """A QLabel fixed to plain text: a title like ``<b>x</b>`` shows literally.

    With ``elide=True`` a text longer than the label ends in "…" and the full text is its
    tooltip; the label then asks for almost no width, so a long import summary or song title
    can never widen the window. ``lines`` above 1 wraps the text on up to that many lines
    first (at word breaks), eliding the last: a heading that names a song then shows it in a
    narrow column, where one line showed "Because you played An…".
    """

    def __init__(
        self,
        text: str = "",
        parent: QWidget | None = None,
        *,
        name: str = "",
        elide: bool = False,
        lines: int = 1,
    ) -> None:
        super().__init__(parent)
        self._elide = elide
        self._lines = max(lines, 1)
        if self._lines > 1:
            policy = self.sizePolicy()
            policy.setHeightForWidth(True)
            self.setSizePolicy(policy)
        self.setTextFormat(Qt.TextFormat.PlainText)
        if name:
            self.setObjectName(name)
        self.setText(text)

    def setText(self, text: str) -> None:  # Qt's name, so every caller gets plain text
        super().setText(one_line(text))
        if self._elide:
            self._sync_tooltip()
            if self._lines > 1:
                self.updateGeometry()

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
        if self._elide and self._lines > 1:
            return self._wrapped(self._room())[1]
        return self._elide and self.fontMetrics().horizontalAdvance(self.text()) > self._room()

    def _wrapped(self, width: int) -> tuple[list[str], bool]:
        """The text broken into at most ``lines`` lines of ``width`` px (the last elided), and
        whether anything was cut."""
        text = self.text()
        layout = QTextLayout(text, self.font())
        layout.beginLayout()
        starts: list[int] = []
        while len(starts) <= self._lines:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(max(width, 1))
            starts.append(line.textStart())
        layout.endLayout()
        if not starts:
            return [""], False
        ends = [*starts[1:], len(text)]
        pieces = [text[a:b].strip() for a, b in zip(starts, ends, strict=True)]
        if len(pieces) <= self._lines:
            return pieces, False
        rest = text[starts[self._lines - 1] :].strip()
        last = self.fontMetrics().elidedText(rest, Qt.TextElideMode.ElideRight, max(width, 1))
        return [*pieces[: self._lines - 1], last], True

    def hasHeightForWidth(self) -> bool:  # Qt's name
        return (self._elide and self._lines > 1) or super().hasHeightForWidth()

    def heightForWidth(self, width: int) -> int:  # Qt's name
        if not (self._elide and self._lines > 1):
            return super().heightForWidth(width)
        margins = self.contentsMargins()
        room = width - margins.left() - margins.right()
        shown = len(self._wrapped(room)[0])
        return shown * self.fontMetrics().lineSpacing() + margins.top() + margins.bottom()

    def _room(self) -> int:
        return self.contentsRect().width()

    def _sync_tooltip(self) -> None:
        self.setToolTip(plain_tooltip(self.text()) if self.is_elided() else "")

    def minimumSizeHint(self) -> QSize:  # Qt's name
        hint = super().minimumSizeHint()
        if self._elide:
            hint.setWidth(min(hint.width(), ELIDED_MIN_WIDTH))
        return hint

    def sizeHint(self) -> QSize:  # Qt's name
        hint = super().sizeHint()
        if self._elide and self._lines > 1:
            hint.setHeight(self.heightForWidth(max(self.width(), hint.width())))
        return hint

    def resizeEvent(self, event) -> None:  # Qt's name
        super().resizeEvent(event)
        if self._elide:
            self._sync_tooltip()
            if self._lines > 1:
                self.updateGeometry()  # another width, maybe another number of lines

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
        if self._lines > 1:
            return "\n".join(self._wrapped(self._room())[0])
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, self._room())


def elided(widget: QWidget, text: str, width: int) -> str:
    """``text`` cut to ``width`` pixels in ``widget``'s font (a button's text, say)."""
    return widget.fontMetrics().elidedText(one_line(text), Qt.TextElideMode.ElideRight, width)
