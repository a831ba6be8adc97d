"""The keyboard-focus edge shows only when the keyboard is in use, as a browser's
``:focus-visible``: a click or the start-up focus draws no frame, Tab, a shortcut or any key
pressed where the focus is does.

Style sheets have no ``:focus-visible``, so the widget that takes the focus gets the dynamic
property ``focusVisible`` and is re-polished when it changes; assets/theme.qss draws the edge
on ``[focusVisible="true"]:focus``. A text field shows its edge on any focus (its own rule):
there the caret is the point.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

PROPERTY = "focusVisible"
_BY_KEYBOARD = (
    Qt.FocusReason.TabFocusReason,
    Qt.FocusReason.BacktabFocusReason,
    Qt.FocusReason.ShortcutFocusReason,
)
# The focus coming back (a window raised again, a menu closed) keeps what it showed.
_COMING_BACK = (
    Qt.FocusReason.ActiveWindowFocusReason,
    Qt.FocusReason.PopupFocusReason,
    Qt.FocusReason.MenuBarFocusReason,
)
_MODIFIERS = frozenset(
    {Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta, Qt.Key.Key_AltGr}
)


def set_focus_visible(widget: QWidget, visible: bool) -> None:
    if bool(widget.property(PROPERTY)) == visible:
        return
    widget.setProperty(PROPERTY, visible)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


class FocusVisible(QObject):
    """Watches the application's key, mouse and focus events (install once, on the window)."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.keyboard = False  # was the last input a key (not a click)?
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt's name
        kind = event.type()
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() not in _MODIFIERS:  # Ctrl alone before a click is not keyboard use
                self.keyboard = True
                focused = QApplication.focusWidget()
                if focused is not None:
                    set_focus_visible(focused, True)
        elif kind == QEvent.Type.MouseButtonPress:
            self.keyboard = False
        elif (
            kind == QEvent.Type.FocusIn
            and isinstance(event, QFocusEvent)
            and isinstance(watched, QWidget)
            and event.reason() not in _COMING_BACK
        ):
            reason = event.reason()
            by_keyboard = self.keyboard and reason != Qt.FocusReason.MouseFocusReason
            set_focus_visible(watched, reason in _BY_KEYBOARD or by_keyboard)
        return False
