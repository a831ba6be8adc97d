"""The first start on a 1366 × 768 laptop screen opens a window that fits it: at the old
fixed 1280 × 780 the framed window was 800 px tall and the status bar, with its "No sound"
notice, was below the screen."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize

from desktop.views.first_size import DEFAULT_SIZE, first_size

pytestmark = pytest.mark.gui
REPO = Path(__file__).resolve().parents[2]


def test_the_first_window_fits_a_laptop_screen_under_openbox(
    laptop_display: str, encore_home: Path
) -> None:
    env = dict(os.environ, DISPLAY=laptop_display, QT_QPA_PLATFORM="xcb")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-m", "tests.gui.first_size_probe"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    shown = json.loads(done.stdout.strip().splitlines()[-1])
    frame, screen = QRect(*shown["frame"]), QRect(*shown["screen"])
    assert screen.size() == QSize(1366, 768)
    assert screen.contains(frame), shown


def test_a_large_screen_keeps_the_default_size() -> None:
    assert first_size(QSize(1920, 1080)) == DEFAULT_SIZE
    assert first_size(QSize(1366, 768)).height() < 768
