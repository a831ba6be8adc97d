"""The library at 1280 × 800 on a real X server (Xvfb): no column narrower than its header,
and Title the widest."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

pytestmark = pytest.mark.gui
REPO = Path(__file__).resolve().parents[2]


def test_no_library_column_is_narrower_than_its_header_at_1280_by_800(
    xvfb_display: str, tmp_path: Path
) -> None:
    shot = tmp_path / "library.png"
    env = dict(os.environ, DISPLAY=xvfb_display, QT_QPA_PLATFORM="xcb")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-m", "tests.gui.screenshot_probe", str(shot)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["window"] == [1280, 800]
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1280, 800)
    assert len({image.pixel(x, 400) for x in range(0, 1280, 16)}) > 3  # not a blank frame
    shown = [s for s in report["sections"] if not s["hidden"]]
    narrow = [s for s in shown if s["width"] < s["text_width"] + report["padding"]]
    assert not narrow, narrow
    widest = max(shown, key=lambda s: s["width"])
    assert widest["text"] == "Title", shown  # Title keeps priority (issue 10 item 2)
    assert [s["text"] for s in report["sections"] if s["hidden"]] == ["Analysed"]
