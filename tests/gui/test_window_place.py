"""Under a real window manager (openbox on Xvfb) the window opens again where and as large as
it was: no drift down the screen from one run to the next."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui
REPO = Path(__file__).resolve().parents[2]


def test_the_window_reopens_with_the_same_frame_and_size_under_openbox(
    openbox_display: str, encore_home: Path
) -> None:
    env = dict(os.environ, DISPLAY=openbox_display, QT_QPA_PLATFORM="xcb")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-m", "tests.gui.window_place_probe"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    first, *again = json.loads(done.stdout.strip().splitlines()[-1])
    assert first["frame"] != first["client"]  # openbox framed it: the case that drifted
    for run in again:
        assert (run["frame"], run["client"]) == (first["frame"], first["client"]), run
