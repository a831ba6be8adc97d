"""The desktop's own start (``encore-desktop``) appends to the same rotating log as the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui

REPO = Path(__file__).resolve().parents[2]


def test_the_desktop_writes_the_log_file(tmp_path: Path) -> None:
    home = tmp_path / "home"
    code = (
        "import sys; from PySide6.QtCore import QTimer; "
        "from PySide6.QtWidgets import QApplication; "
        "app = QApplication(['encore-desktop']); QTimer.singleShot(0, app.quit); "
        "from desktop.app import main; sys.exit(main(['encore-desktop']))"
    )
    env = {**os.environ, "ENCORE_HOME": str(home), "PYTHONPATH": str(REPO)}
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)  # never the user's session
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    log = (home / "logs" / "encore.log").read_text(encoding="utf-8")
    assert "INFO encore.file: encore-desktop " in log and " started " in log
