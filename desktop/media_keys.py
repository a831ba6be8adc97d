"""Media keys without MPRIS: the keyboard's play, pause, stop, next and previous keys act on the
player wherever the focus is in Encore's windows (a desktop that forwards them over MPRIS
reaches the same controller through desktop/mpris.py)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from desktop.controller import PlaybackController


def media_key_actions(controller: PlaybackController) -> dict[Qt.Key, Callable[[], None]]:
    player = controller.player

    def pause() -> None:
        if player.state == "playing":
            player.pause()

    return {
        # X11 and most keyboards send XF86AudioPlay (Key_MediaPlay) from the one play/pause
        # key: it toggles, as in other players, rather than doing nothing while playing.
        Qt.Key.Key_MediaPlay: controller.toggle,
        Qt.Key.Key_MediaTogglePlayPause: controller.toggle,
        Qt.Key.Key_MediaPause: pause,
        Qt.Key.Key_MediaStop: player.stop,
        Qt.Key.Key_MediaNext: controller.next,
        Qt.Key.Key_MediaPrevious: controller.previous,
    }


def install_media_keys(window: QWidget, controller: PlaybackController) -> list[QShortcut]:
    """Application-wide shortcuts on ``window`` (kept alive by it) for each media key."""
    shortcuts = []
    for key, action in media_key_actions(controller).items():
        shortcut = QShortcut(QKeySequence(key), window)
        shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        shortcut.activated.connect(action)
        shortcuts.append(shortcut)
    return shortcuts
