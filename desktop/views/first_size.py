"""The window's size the first time it opens: Encore's default, made smaller when the screen
is smaller, so the now-playing bar and the status bar (where "No sound" is said) stay on it.

At 1280 × 780 plus openbox's title bar the window was 800 px tall: on a 1366 × 768 laptop its
bottom 32 px, the whole status bar, were below the screen. A saved size is put back as it was.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget

DEFAULT_SIZE = QSize(1280, 780)
# What a window manager adds around the window before its frame is known (openbox: a 20-px
# title bar and 1-px borders; GNOME and KDE title bars are up to ~40 px).
FRAME_ROOM = QSize(16, 48)


def first_size(available: QSize) -> QSize:
    """The default size, no larger than ``available`` less the frame's room."""
    return DEFAULT_SIZE.boundedTo(available - FRAME_ROOM)


def fit_first_window(window: QWidget) -> None:
    """Shrink a window that has no saved size to the screen it opens on (never below its
    minimum: a screen that small gets the smallest usable window)."""
    screen = window.screen()
    if screen is None:
        return
    size = first_size(screen.availableGeometry().size()).expandedTo(window.minimumSizeHint())
    window.resize(size.boundedTo(window.size()))
