"""Albums and artists open with one click, as in other music players: they opened only on a
double-click or Enter, so a new user's click on a cover seemed to do nothing.

A habitual double-click still opens the item once: its second click would land on the page
just opened (on its Play button, say), so a double-click that follows an opening click
within the system's interval is dropped, with its release.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QApplication


class _DropNextDoubleClick(QObject):
    """An application-wide filter for one double-click interval after an opening click."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        self._dropping = False  # the double-click was dropped: drop its release too
        app.installEventFilter(self)
        QTimer.singleShot(app.doubleClickInterval(), self._stop)

    def _stop(self) -> None:
        if not self._dropping:
            self._app.removeEventFilter(self)
            self.deleteLater()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.MouseButtonDblClick:
            self._dropping = True
            return True
        if kind == QEvent.Type.MouseButtonRelease and self._dropping:
            self._dropping = False
            self._stop()
            return True
        return False


def open_on_click(view: QAbstractItemView) -> None:
    """Make a left click on an item of ``view`` activate it (Enter still does)."""

    def clicked(index: QModelIndex) -> None:
        # ``clicked`` is the left button only; Ctrl- and Shift-clicks are for selecting.
        if (
            not index.isValid()
            or QApplication.keyboardModifiers() != Qt.KeyboardModifier.NoModifier
        ):
            return
        app = QApplication.instance()
        if isinstance(app, QApplication):
            _DropNextDoubleClick(app)
        view.activated.emit(index)

    view.clicked.connect(clicked)
