"""Run on a real X server with a window manager (``python -m tests.gui.window_place_probe``,
``ENCORE_HOME`` set): the desktop is opened at its default size, closed, and opened again
twice; prints each run's frame and client geometry as JSON for
:mod:`tests.gui.test_window_place`.

A separate process because the test session's QApplication runs on the offscreen platform,
and a process has one platform for its life.
"""

from __future__ import annotations

import json
import sys
import time

from PySide6.QtCore import QEventLoop
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

RUNS = 3
WAIT_S = 30.0


def _framed(app: QApplication, window: QWidget) -> bool:
    """Wait (on events, no sleep) until the window manager has framed the shown window."""
    deadline = time.monotonic() + WAIT_S
    while window.frameGeometry() == window.geometry():
        if time.monotonic() > deadline:
            return False
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 100)
    app.processEvents()
    return True


def main() -> int:
    from desktop.app import build_desktop
    from engine.context import build_context
    from engine.playback.output import NullOutput

    app = QApplication([sys.argv[0]])
    runs = []
    for _run in range(RUNS):
        desktop = build_desktop(build_context(), output=NullOutput(keep=False), load=False)
        window = desktop.window
        window.show()
        if not (QTest.qWaitForWindowExposed(window, 10_000) and _framed(app, window)):
            print("the window was never shown framed", file=sys.stderr)
            return 1
        runs.append(
            {
                "frame": window.frameGeometry().getRect(),
                "client": window.geometry().getRect(),
                "screen": window.screen().availableGeometry().getRect(),
            }
        )
        window.close()
        desktop.close()
    print(json.dumps(runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
