"""Fields on a scrolling page keep their value when the wheel passes over them.

A combo box or spin box takes every wheel turn under the pointer, focused or not: scrolling the
Settings page with the pointer over the equaliser changed it from Off to a preset, silently
(kept at the next Save). Here a field takes the wheel only once it has the focus (clicked or
tabbed to); otherwise the turn goes to the page around it, which scrolls.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget


class _WheelToPage(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Wheel or not isinstance(watched, QWidget):
            return False
        if watched.hasFocus():
            return False  # the user chose this field: the wheel steps it
        area = _scroll_area_around(watched)
        if area is not None:
            # Sent on by hand: Qt passes an ignored wheel event to the parents only when it
            # came from the window system, and a sent one never.
            QApplication.sendEvent(area.viewport(), event)
        return True


def _scroll_area_around(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    return parent


def wheel_only_when_focused(*fields: QWidget) -> None:
    """Give each of ``fields`` the wheel only while it has the keyboard focus."""
    for field in fields:
        # Wheel focus would hand it the focus, and then the turn, on the first notch.
        field.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        guard = _WheelToPage(field)
        field.installEventFilter(guard)
