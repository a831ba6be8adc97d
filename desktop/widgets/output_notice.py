"""The status bar's note that Encore plays silently, and the way to the fix.

It read "No sound: no audio output: cannot find a default output device (Error querying device
-1)": said twice, in PortAudio's words, and nothing to do about it. It says now what happens
(songs play silently), keeps the engine's reason for the tooltip, and a click opens Settings at
the output device.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QWidget

from desktop.models.formatting import one_line, plain_tooltip
from desktop.widgets.accessible import describe
from desktop.widgets.labels import PlainLabel


class OutputNotice(PlainLabel):
    """Hidden while there is sound; ``clicked`` means: show the output device setting.

    A label, not a button: a button's frame made the status bar taller than its text."""

    clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent, name="outputNotice", elide=True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.reason = ""  # the engine's words, one line
        self.hide()

    def show_problem(self, reason: str | None) -> None:
        """Say that songs play silently because of ``reason``, or hide (``None``: sound again)."""
        self.reason = one_line(reason or "")
        if not reason:
            self.hide()
            return
        text = self.tr("No sound device: playing silently — choose one…")
        self.setText(text)
        describe(self, text, self.reason)
        self.show()

    def _sync_tooltip(self) -> None:  # PlainLabel's: the reason, whether elided or not
        reason = getattr(self, "reason", "")  # PlainLabel sets its text before ours is set
        tip = self.tr("{reason}. Click to choose an output device.").format(reason=reason)
        self.setToolTip(plain_tooltip(tip) if reason else "")

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # Qt's name
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit()
        super().mouseReleaseEvent(event)
