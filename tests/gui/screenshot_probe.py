"""Run on a real X server (``python -m tests.gui.screenshot_probe OUT.png``): the desktop at
1280 × 800 with its theme, a filled library on screen; saves a screenshot and prints the
library header's sections as JSON for :mod:`tests.gui.test_screenshot`.

A separate process because the test session's QApplication runs on the offscreen platform,
and a process has one platform for its life.
"""

from __future__ import annotations

import json
import sys

from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

WIDTH, HEIGHT = 1280, 800
HEADER_PADDING = 12  # theme.qss: QHeaderView::section { padding: 5px 6px }


def main(out: str) -> int:
    from desktop.app import build_desktop
    from desktop.widgets.assets import apply_theme
    from engine.context import build_context
    from engine.models import Track
    from engine.playback.output import NullOutput

    app = QApplication([sys.argv[0]])
    apply_theme(app)
    desktop = build_desktop(build_context(), output=NullOutput(keep=False), load=False)
    window = desktop.window
    window.library_model.set_tracks(
        Track(
            f"t{i}",
            f"/music/{i}.flac",
            f"A fairly long song title number {i}",
            "An artist with a long name",
            "The album of the year",
            genre="Electronic",
            duration=200.0 + i,
        )
        for i in range(40)
    )
    window.resize(WIDTH, HEIGHT)
    window.show()
    window.sidebar.select("Library")
    if not QTest.qWaitForWindowExposed(window, 10_000):
        print("the window was never exposed", file=sys.stderr)
        return 1
    app.processEvents()
    header = window.library.header
    bold = QFont(header.font())
    bold.setWeight(QFont.Weight.DemiBold)  # theme.qss: font-weight: 600
    metrics = QFontMetrics(bold)
    model = window.library_model
    sections = [
        {
            "text": model.headerData(c, header.orientation()),
            "width": header.sectionSize(c),
            "hidden": header.isSectionHidden(c),
            "text_width": metrics.horizontalAdvance(model.headerData(c, header.orientation())),
        }
        for c in range(header.count())
    ]
    shot = window.screen().grabWindow(window.winId())
    shot.save(out)
    print(
        json.dumps(
            {
                "window": [window.width(), window.height()],
                "screenshot": [shot.width(), shot.height()],
                "sections": sections,
                "padding": HEADER_PADDING,
            }
        )
    )
    window.close()
    desktop.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
