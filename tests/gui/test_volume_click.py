"""A click on the volume slider sets the volume under the pointer, as the seek bar seeks there:
QSlider's own click only stepped 10 % towards it (a new user's tryout: a click at a quarter of
the bar left the volume at 90 %)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from desktop.widgets.seek_slider import value_under

pytestmark = pytest.mark.gui


def _x_for(slider, target: int) -> int:
    y = slider.height() // 2
    return min(range(slider.width()), key=lambda x: abs(value_under(slider, QPoint(x, y)) - target))


@pytest.mark.parametrize("target", [25, 70, 0])
def test_a_click_sets_the_volume_under_the_pointer(desktop, target: int) -> None:
    window = desktop.window
    slider = window.now_playing.volume_slider
    slider.setValue(100)
    point = QPoint(_x_for(slider, target), slider.height() // 2)
    QTest.mouseClick(slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    assert abs(slider.value() - target) <= 1
    assert abs(desktop.player.volume - target / 100) <= 0.011  # the player follows


def test_a_drag_from_the_click_goes_on_moving_the_volume(desktop) -> None:
    slider = desktop.window.now_playing.volume_slider
    slider.setValue(100)
    y = slider.height() // 2
    QTest.mousePress(
        slider,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        QPoint(_x_for(slider, 30), y),
    )
    QTest.mouseMove(slider, QPoint(_x_for(slider, 60), y))
    QTest.mouseRelease(
        slider,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        QPoint(_x_for(slider, 60), y),
    )
    assert abs(slider.value() - 60) <= 2
