"""Run on a real X server with a window manager (``python -m tests.gui.first_size_probe``,
``ENCORE_HOME`` set to a fresh home): the desktop starts as ``encore`` starts it, is shown
and framed, and its frame and the screen's free area are printed as JSON for
:mod:`tests.gui.test_first_size`.

A separate process because the test session's QApplication runs on the offscreen platform.
"""

from __future__ import annotations

import json
import sys

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.gui.window_place_probe import _framed


def main() -> int:
    from desktop.app import start_desktop
    from engine.playback.output import NullOutput

    app = QApplication([sys.argv[0]])
    desktop = start_desktop(output=NullOutput(keep=False))
    window = desktop.window
    window.show()
    if not (QTest.qWaitForWindowExposed(window, 10_000) and _framed(app, window)):
        print("the window was never shown framed", file=sys.stderr)
        return 1
    shown = {
        "frame": window.frameGeometry().getRect(),
        "screen": window.screen().availableGeometry().getRect(),
    }
    window.close()
    desktop.close()
    print(json.dumps(shown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
