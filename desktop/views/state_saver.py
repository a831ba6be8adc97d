"""Save the window and player state shortly after it changes, not only on a clean close.

A kill, a crash or the end of the X session never reaches ``closeEvent``: the queue, position,
volume and page would be those of the last clean close. So every change restarts one
single-shot timer (a burst of changes — a slider drag — is one write), and the session
manager's "save your data" and the application's quit save at once. Playback itself moves the
position without any change signal, so while a song plays a second timer saves every
``POSITION_SAVE_MS`` — only if the position moved since the last write.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QGuiApplication

from desktop.views.window_state import RememberedWindow, WindowState

SAVE_DELAY_MS = 2000  # after the last change: long enough to merge a drag, short for a kill
# Geometry changes come as events on the window itself, not as signals.
POSITION_SAVE_MS = 10_000  # while playing: a kill loses at most this much of the song
_WINDOW_EVENTS = {QEvent.Type.Resize, QEvent.Type.Move, QEvent.Type.WindowStateChange}


class StateSaver(QObject):
    def __init__(self, window: RememberedWindow, state: WindowState, parent: QObject) -> None:
        super().__init__(parent)
        self._window, self._state = window, state
        self._saving = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SAVE_DELAY_MS)
        self.timer.timeout.connect(self.save_now)
        self.position_timer = QTimer(self)  # runs only while playing (see _on_state)
        self.position_timer.setInterval(POSITION_SAVE_MS)
        self.position_timer.timeout.connect(self.save_position)
        self._saved_position = -1.0  # what the last write held; none yet
        controller = window.controller
        controller.bridge.stateChanged.connect(self._on_state)
        controller.queueChanged.connect(self.changed)  # also play/pause/stop (stateChanged)
        controller.volumeChanged.connect(self.changed)
        controller.bridge.trackChanged.connect(self.changed)
        controller.bridge.seeked.connect(self.changed)
        window.sidebar.currentRowChanged.connect(self.changed)
        for splitter in window.splitters().values():
            splitter.splitterMoved.connect(self.changed)
        header = window.library.header
        header.sectionMoved.connect(self.changed)
        header.sectionResized.connect(self.changed)
        header.sortIndicatorChanged.connect(self.changed)
        window.installEventFilter(self)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.commitDataRequest.connect(self.save_now)  # the session is ending
            app.aboutToQuit.connect(self.save_now)  # app.quit(), SIGTERM included

    def changed(self, *_args: object) -> None:
        if not self._saving:  # saving the header resizes its sections for a moment
            self.timer.start()  # restarts: one write after the last of a burst

    def save_position(self) -> None:
        """The periodic save while playing: no write when the position has not moved."""
        if self._window.controller.snapshot().position != self._saved_position:
            self.save_now()

    def _on_state(self, state: str) -> None:
        if state == "playing":
            self.position_timer.start()
        else:  # paused, stopped or ended: the position stands still, the change saved it
            self.position_timer.stop()

    def save_now(self, *_args: object) -> None:
        self.timer.stop()
        self._saving = True
        try:
            self._saved_position = self._window.controller.snapshot().position
            self._state.save(self._window)
        except OSError as exc:  # a full or read-only disk must not stop the player
            print(f"encore: window state not saved: {exc}", file=sys.stderr)
        finally:
            self._saving = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt's name
        if event.type() in _WINDOW_EVENTS:
            self.changed()
        return False
