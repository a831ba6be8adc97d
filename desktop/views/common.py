"""Layout helpers shared by the pages."""

from __future__ import annotations

from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from desktop.widgets.labels import PlainLabel


def page_layout(widget: QWidget, title: str) -> QVBoxLayout:
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(20, 14, 20, 10)
    layout.setSpacing(8)
    layout.addWidget(PlainLabel(title, name="pageTitle"))
    return layout


def section(title: str, *, elide: bool = False, lines: int = 1) -> PlainLabel:
    """A section heading; ``elide`` for one that holds a song's name (it must not widen the
    page), on up to ``lines`` lines before it is cut."""
    return PlainLabel(title, name="sectionTitle", elide=elide, lines=lines)


def muted(text: str) -> PlainLabel:
    label = PlainLabel(text, name="muted")
    label.setWordWrap(True)
    return label


def dropped_paths(event: QDropEvent) -> list[str]:
    """The local files and folders a drag carries (a page imports them when dropped)."""
    return [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]


class ImportsDrops:
    """For a page that imports the folders and files dropped on it: it must be a QWidget with
    an ``importRequested`` signal (list of paths); this supplies Qt's two drag handlers."""

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # Qt's name
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # Qt's name
        paths = dropped_paths(event)
        if paths:
            event.acceptProposedAction()
            self.importRequested.emit(paths)  # type: ignore[attr-defined]


def scrolling(page: QWidget) -> QScrollArea:
    """``page`` in a scroll area: a page with a long row of buttons or fields scrolls on a
    narrow window instead of setting the whole window's minimum width."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(page)
    return area
