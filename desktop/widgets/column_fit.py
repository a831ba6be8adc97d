"""The library table's header and how it shares the width: Title takes what the others leave.

Every column is user-resizable (Interactive). When the table's width changes, or the user
resizes another column, the Title column gets the rest of the width, but never less than
``TITLE_SHARE`` of it: the other columns give way first, each down to the width its header
text needs and never less (the widths the user chose are kept and come back when there is
room again). A Title resized by hand stays so until the table's width changes.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHeaderView, QWidget

TITLE_SHARE = 0.25


class FittedHeader(QHeaderView):
    def __init__(self, priority: int, widths: Sequence[int], parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._priority = priority
        self._defaults = list(widths)
        self._wanted: dict[int, int] = {}  # the user's (or default) width of the other columns
        self._fitting = False
        self.setSectionsMovable(True)
        self.setSectionsClickable(True)
        self.setHighlightSections(False)
        self.setStretchLastSection(False)
        self.setMinimumSectionSize(24)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.sectionResized.connect(self._resized_by_user)

    def apply_defaults(self) -> None:
        """Interactive columns at their default widths (a model must be set)."""
        self.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate(self._defaults[: self.count()]):
            self._wanted[column] = width
            with_fit = self._fitting
            self._fitting = True
            self.resizeSection(column, width)
            self._fitting = with_fit
        self.fit()

    def restore(self, state: QByteArray) -> bool:
        """Widths, order, hidden columns and the sort indicator from :meth:`saveState`."""
        if not self.restoreState(state):
            return False
        self.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self._wanted = {c: self.sectionSize(c) for c in range(self.count()) if c != self._priority}
        self.fit()
        return True

    def saved_state(self) -> QByteArray:
        """:meth:`saveState` with the widths the user chose, not the squeezed ones shown."""
        self._fitting = True
        try:
            for column, width in self._wanted.items():
                self.resizeSection(column, width)
            return self.saveState()
        finally:
            self._fitting = False
            self.fit()

    def wanted_width(self, column: int) -> int:
        """The width ``column`` gets when there is room (Title: its width now)."""
        return self._wanted.get(column, self.sectionSize(column))

    def needed(self, column: int) -> int:
        """The width the header of ``column`` needs: text, padding and sort arrow."""
        return self.sectionSizeFromContents(column).width()

    def fit(self) -> None:
        avail = self.width()
        if avail <= 0 or self.count() == 0:
            return
        title = self._priority
        others = [c for c in range(self.count()) if c != title and not self.isSectionHidden(c)]
        needed = {c: self.needed(c) for c in others}
        # Never narrower than the header text: "Dura…" tells nobody anything.
        widths = {c: max(self._wanted.get(c, self.sectionSize(c)), needed[c]) for c in others}
        title_min = max(self.needed(title), int(TITLE_SHARE * avail))
        excess = sum(widths.values()) + title_min - avail
        slack = {c: max(widths[c] - needed[c], 0) for c in others}
        total = sum(slack.values())
        if excess > 0 and total > 0:
            take = min(excess, total)
            cuts = {c: take * slack[c] // total for c in others}
            left = take - sum(cuts.values())  # what flooring left over, a pixel per column
            for c in sorted(others, key=lambda c: slack[c] - cuts[c], reverse=True)[:left]:
                cuts[c] += 1
            for c in others:
                widths[c] -= cuts[c]
        title_width = max(avail - sum(widths.values()), self.needed(title))
        self._fitting = True
        try:
            for c in others:
                if self.sectionSize(c) != widths[c]:
                    self.resizeSection(c, widths[c])
            if not self.isSectionHidden(title):
                self.resizeSection(title, title_width)
        finally:
            self._fitting = False

    def _resized_by_user(self, column: int, _old: int, new: int) -> None:
        if self._fitting:
            return
        if column != self._priority:
            self._wanted[column] = new
            self.fit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt's name
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.fit()
