"""Scrolling the Settings page with the wheel scrolls it: the equaliser, output device and
workers fields under the pointer keep their values unless the user chose them first (focus).

Before, a wheel turn over the equaliser moved it from Off to a preset, and the next Save kept
that without the user having asked for it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from tests.gui.conftest import settle

pytestmark = pytest.mark.gui

NOTCH = 120  # one step of a mouse wheel, in eighths of a degree


def _turn_down(widget: QWidget, notches: int = 3) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, -NOTCH * notches),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def _scroll_area(widget: QWidget) -> QScrollArea:
    parent = widget.parentWidget()
    while not isinstance(parent, QScrollArea):
        assert parent is not None, "the Settings page is not in a scroll area"
        parent = parent.parentWidget()
    return parent


def test_the_wheel_over_a_field_scrolls_the_page_and_keeps_the_value(qtbot, desktop) -> None:
    window = desktop.window
    window.resize(900, 480)  # short enough that the Settings page scrolls
    window.sidebar.select("Settings")
    settle()
    settings = window.settings
    bar = _scroll_area(settings).verticalScrollBar()
    assert bar.maximum() > 0
    assert bar.value() == 0
    settings.save_button.setFocus()  # the focus is elsewhere, as after a click on the page

    eq, device, workers = settings.equaliser, settings.device, settings.workers_spin
    before = (eq.currentIndex(), device.currentIndex(), workers.value())
    for field in (eq, device, workers):
        _turn_down(field)
    assert (eq.currentIndex(), device.currentIndex(), workers.value()) == before
    assert bar.value() > 0  # the page scrolled instead
    assert settings.edited_config().equaliser == desktop.ctx.config.equaliser


def test_a_field_the_user_chose_still_steps_with_the_wheel(qtbot, desktop) -> None:
    window = desktop.window
    window.sidebar.select("Settings")
    settle()
    eq = window.settings.equaliser
    eq.setFocus()
    assert eq.hasFocus()
    before = eq.currentIndex()
    _turn_down(eq, notches=1)
    assert eq.currentIndex() == before + 1
