"""Layout helpers shared by the pages."""

from __future__ import annotations

from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop.widgets.labels import PlainLabel


def page_layout(widget: QWidget, title: str) -> QVBoxLayout:
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(20, 14, 20, 10)
    layout.setSpacing(8)
    layout.addWidget(PlainLabel(title, name="pageTitle"))
    return layout


def section(title: str) -> PlainLabel:
    return PlainLabel(title, name="sectionTitle")


def muted(text: str) -> PlainLabel:
    label = PlainLabel(text, name="muted")
    label.setWordWrap(True)
    return label


def dropped_paths(event: QDropEvent) -> list[str]:
    """The local files and folders a drag carries (a page imports them when dropped)."""
    return [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
