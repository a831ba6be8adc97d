"""The desktop of an in-process GUI bench, open on the Library with every row loaded."""

from __future__ import annotations

import time

from PySide6.QtWidgets import QApplication

from desktop.app import Desktop, build_desktop
from desktop.widgets.assets import apply_theme
from engine.context import build_context
from engine.playback.output import NullOutput


def open_library_window(size: tuple[int, int] | None = None) -> tuple[QApplication, Desktop]:
    """Build the desktop on this process's library (``open_in_this_process``) and wait for it.

    The rows arrive from a worker through the event loop, so the loop is turned until they are
    all in; the 2 ms nap leaves that worker the CPU a busy loop would take from it.
    """
    app = QApplication([])
    apply_theme(app)
    desk = build_desktop(build_context(), output=NullOutput(realtime=True, keep=False))
    window = desk.window
    if size is not None:
        window.resize(*size)
    window.show()
    window.sidebar.select("Library")
    while not window.library_loaded:
        app.processEvents()
        time.sleep(0.002)
    app.processEvents()
    return app, desk
