"""SIGTERM (``kill``, a service manager, the session's logout) quits Encore cleanly.

Python runs a signal handler only between bytecodes, and Qt's event loop is C++: the handler
would wait for the next Python call. So the signal number is written to a socket
(``signal.set_wakeup_fd``) that Qt watches, and the quit runs on the GUI thread, where
``aboutToQuit`` saves the state (desktop.views.state_saver).
"""

from __future__ import annotations

import signal
import socket
from collections.abc import Callable
from types import FrameType

from PySide6.QtCore import QObject, QSocketNotifier


class SigtermQuit(QObject):
    def __init__(self, quit: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._quit = quit
        self._read, self._write = socket.socketpair()
        for end in (self._read, self._write):
            end.setblocking(False)  # set_wakeup_fd requires it; a full socket drops, not hangs
        self._old_fd = signal.set_wakeup_fd(self._write.fileno())
        self._old_handler = signal.signal(signal.SIGTERM, _noted)
        self._notifier = QSocketNotifier(self._read.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._woken)

    def _woken(self) -> None:
        try:
            numbers = self._read.recv(64)
        except BlockingIOError:
            return
        if signal.SIGTERM in numbers:  # other handled signals (SIGINT) write here too
            self._quit()

    def close(self) -> None:
        """Put back the previous handler and wake-up socket (tests install it more than once)."""
        self._notifier.setEnabled(False)
        signal.set_wakeup_fd(self._old_fd)
        signal.signal(signal.SIGTERM, self._old_handler)
        self._read.close()
        self._write.close()


def _noted(_number: int, _frame: FrameType | None) -> None:
    """Nothing to do in the handler itself: the wake-up socket carries the signal to Qt."""
