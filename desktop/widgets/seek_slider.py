"""The seek bar: a click jumps to the point under the pointer, a drag previews the time and
seeks on release (QSlider's own click only steps a page towards the pointer). The volume
slider jumps the same way, through :func:`value_under`."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QSlider, QStyle, QStyleOptionSlider, QWidget


def value_under(slider: QSlider, point: QPoint) -> int:
    """The value of a horizontal ``slider`` for a pointer position, through the style's own
    geometry (so the handle's centre lands under the pointer)."""
    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    style = slider.style()
    groove = style.subControlRect(
        QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderGroove, slider
    )
    handle = style.subControlRect(
        QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, slider
    )
    span = max(groove.width() - handle.width(), 1)
    x = point.x() - groove.x() - handle.width() // 2
    return QStyle.sliderValueFromPosition(
        slider.minimum(), slider.maximum(), min(max(x, 0), span), span, option.upsideDown
    )


class SeekSlider(QSlider):
    previewed = Signal(int)  # the value under the pointer while the button is down
    seekRequested = Signal(int)  # the value to seek to (button released)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        # Keys seek through the window's ←/→ shortcuts, one rule for every focus.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def value_at(self, point: QPoint) -> int:
        """The slider value for a pointer position."""
        return value_under(self, point)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # Qt's name
        if event.button() != Qt.MouseButton.LeftButton or self.maximum() <= self.minimum():
            event.ignore()
            return
        self.setSliderDown(True)
        self._follow(event)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # Qt's name
        if self.isSliderDown():
            self._follow(event)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # Qt's name
        if event.button() == Qt.MouseButton.LeftButton and self.isSliderDown():
            self._follow(event)
            self.setSliderDown(False)
            self.seekRequested.emit(self.value())
        event.accept()

    def _follow(self, event: QMouseEvent) -> None:
        self.setValue(self.value_at(event.position().toPoint()))
        self.previewed.emit(self.value())
