"""The focus edge shows only while the keyboard is in use (as a browser's :focus-visible): not
at start-up, not after a click; Tab, a shortcut, or a key pressed where the focus is show it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from desktop.widgets.assets import theme
from tests.gui.conftest import WAIT_MS

pytestmark = pytest.mark.gui


def _image(widget: QWidget) -> QImage:
    QApplication.processEvents()
    return widget.grab().toImage()


@pytest.fixture
def window(qtbot, desktop):
    window = desktop.window
    window.setStyleSheet(theme())
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    return window


def _focus(qtbot, widget: QWidget, reason: Qt.FocusReason) -> None:
    if QApplication.focusWidget() is not None:
        QApplication.focusWidget().clearFocus()
    widget.setFocus(reason)
    qtbot.waitUntil(widget.hasFocus, timeout=WAIT_MS)


def test_the_start_up_focus_and_a_click_draw_no_frame(qtbot, window) -> None:
    sidebar = window.sidebar
    _focus(qtbot, window.library.search, Qt.FocusReason.OtherFocusReason)
    unfocused = _image(sidebar)
    _focus(qtbot, sidebar, Qt.FocusReason.OtherFocusReason)  # as the window's first focus
    assert _image(sidebar) == unfocused
    _focus(qtbot, sidebar, Qt.FocusReason.TabFocusReason)
    assert _image(sidebar) != unfocused  # the keyboard: the frame
    play = window.now_playing.play_button
    QTest.mouseClick(sidebar.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(4, 4))
    _focus(qtbot, play, Qt.FocusReason.MouseFocusReason)
    _focus(qtbot, sidebar, Qt.FocusReason.MouseFocusReason)
    assert _image(sidebar) == unfocused  # a click: none


def test_a_key_pressed_where_the_focus_is_shows_it(qtbot, window) -> None:
    sidebar = window.sidebar
    _focus(qtbot, window.library.search, Qt.FocusReason.OtherFocusReason)
    unfocused = _image(sidebar)
    QTest.mouseClick(sidebar.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(4, 4))
    _focus(qtbot, sidebar, Qt.FocusReason.MouseFocusReason)
    assert _image(sidebar) == unfocused
    QTest.keyClick(sidebar, Qt.Key.Key_Shift)  # a modifier alone is not keyboard use
    assert _image(sidebar) == unfocused
    QTest.keyClick(sidebar, Qt.Key.Key_Down)
    assert _image(sidebar) != unfocused
    # Focus moved by the program after a key (an album opened with Enter) shows it too.
    _focus(qtbot, window.now_playing.play_button, Qt.FocusReason.OtherFocusReason)
    assert window.now_playing.play_button.property("focusVisible") is True
