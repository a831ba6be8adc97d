"""The library table's header and how it shares the width: Title takes what the others leave.

Every column is user-resizable (Interactive). When the table's width changes, or the user
resizes another column, the Title column gets the rest of the width, but never less than
``TITLE_SHARE`` of it: the other columns give way first, each down to the width its header
text needs and never less (the widths the user chose are kept and come back when there is
room again). A Title resized by hand stays so until the table's width changes.

The columns named ``content_sized`` (the numbers) get the width their header or their
widest visible cell needs and no more, until the user drags one; they are not restored from
a saved state, so a width saved under an older rule does not stick. Only the column the table
is sorted by reserves room for the sort arrow. The header's context menu lists the columns to
show or hide (Title always shows); ``hidden`` are hidden until the user shows them, and
:meth:`saveState` carries the choice to the next run.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from PySide6.QtCore import QAbstractItemModel, QByteArray, QPoint, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QWidget

TITLE_SHARE = 0.25


class FittedHeader(QHeaderView):
    def __init__(
        self,
        priority: int,
        widths: Sequence[int],
        parent: QWidget | None = None,
        *,
        content_sized: Collection[int] = (),
        hidden: Collection[int] = (),
    ) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._priority = priority
        self._defaults = list(widths)
        self._content_sized = frozenset(content_sized)
        self._hidden = frozenset(hidden) - {priority}
        self._wanted: dict[int, int] = {}  # the user's (or default) width of the other columns
        self._fitting = False
        self._relayout = False  # the model's rows are being reordered (a sort)
        self._watched: QAbstractItemModel | None = None
        self.setSectionsMovable(True)
        self.setSectionsClickable(True)
        self.setHighlightSections(False)
        self.setStretchLastSection(False)
        self.setMinimumSectionSize(24)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.sectionResized.connect(self._resized_by_user)
        self.sortIndicatorChanged.connect(lambda *_: self.fit())  # the arrow's room moves
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._show_column_menu)

    def setModel(self, model: QAbstractItemModel | None) -> None:  # Qt's name
        if self._watched is not None:
            self._watched.layoutAboutToBeChanged.disconnect(self._relayout_starts)
            self._watched.layoutChanged.disconnect(self._relayout_ends)
        super().setModel(model)
        # Connected after Qt's own slots: on layoutChanged Qt restores each section, showing a
        # hidden one at its old size for a moment; those resizes are not the user's, and taken
        # as such they squeezed Title by the hidden column's width and left a gap on the right.
        self._watched = model
        if model is not None:
            model.layoutAboutToBeChanged.connect(self._relayout_starts)
            model.layoutChanged.connect(self._relayout_ends)

    def _relayout_starts(self, *_: object) -> None:
        self._relayout = True

    def _relayout_ends(self, *_: object) -> None:
        self._relayout = False
        self.fit()

    def apply_defaults(self) -> None:
        """Interactive columns at their default widths (a model must be set)."""
        self.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column in range(self.count()):
            self.setSectionHidden(column, column in self._hidden)
        for column, width in enumerate(self._defaults[: self.count()]):
            if column in self._content_sized:
                continue
            self._wanted[column] = width
            with_fit = self._fitting
            self._fitting = True
            self.resizeSection(column, width)
            self._fitting = with_fit
        self.fit()

    def restore(self, state: QByteArray) -> bool:
        """Widths, order, hidden columns and the sort indicator from :meth:`saveState`."""
        # Restoring moves the sort indicator, whose fit would squeeze the restored widths to
        # the wanted ones of before (the defaults): no fit, and no "user" width, until done.
        self._fitting = True
        try:
            if not self.restoreState(state):
                return False
        finally:
            self._fitting = False
        self.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self._wanted = {
            c: self.sectionSize(c)
            for c in range(self.count())
            if c != self._priority and c not in self._content_sized
        }
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
        """The width the header of ``column`` needs: text, padding and, sorted by it, the arrow."""
        width = self.sectionSizeFromContents(column).width()
        if self.isSortIndicatorShown() and column != self.sortIndicatorSection():
            # Qt reserves the arrow's room in every section; only the sorted one draws it.
            return max(width - self._arrow_room(), self.minimumSectionSize())
        return width

    def _arrow_room(self) -> int:
        with_arrow = self.sectionSizeFromContents(self._priority).width()
        self.setSortIndicatorShown(False)  # only measured: no signal, the repaint is queued
        try:
            return with_arrow - self.sectionSizeFromContents(self._priority).width()
        finally:
            self.setSortIndicatorShown(True)

    def content_width(self, column: int) -> int:
        """What ``column`` needs to show its header and its widest visible cell."""
        view = self.parentWidget()
        cells = view.sizeHintForColumn(column) if isinstance(view, QAbstractItemView) else 0
        return max(self.needed(column), cells)

    def column_menu(self) -> QMenu:
        """A checkable entry per column but Title: show or hide it."""
        menu = QMenu(self)
        model = self.model()
        for column in range(self.count()):
            if column == self._priority or model is None:
                continue
            action = menu.addAction(str(model.headerData(column, self.orientation())))
            action.setCheckable(True)
            action.setChecked(not self.isSectionHidden(column))
            action.toggled.connect(lambda shown, c=column: self.show_column(c, shown))
        return menu

    def show_column(self, column: int, shown: bool) -> None:
        self.setSectionHidden(column, not shown)
        self.fit()

    def _show_column_menu(self, at: QPoint) -> None:
        menu = self.column_menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.mapToGlobal(at))

    def fit(self) -> None:
        if self._fitting:
            return  # inside a fit, a restore or a save: the sizes are being set on purpose
        avail = self.width()
        if avail <= 0 or self.count() == 0:
            return
        title = self._priority
        others = [c for c in range(self.count()) if c != title and not self.isSectionHidden(c)]
        needed = {c: self.needed(c) for c in others}
        # Never narrower than the header text: "Dura…" tells nobody anything.
        widths = {
            c: max(self._wanted[c], needed[c]) if c in self._wanted else self.content_width(c)
            for c in others
        }
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
        if self._fitting or self._relayout:
            return
        if column != self._priority:
            self._wanted[column] = new
            self.fit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt's name
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.fit()
