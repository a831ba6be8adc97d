"""Library folders: Settings lists the imported folder and can remove and rescan it; every
folder dialog opens where the last import came from."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QPushButton

from engine.config import load_config
from tests.gui.conftest import WAIT_MS, write_tone

pytestmark = pytest.mark.gui


def test_settings_lists_the_imported_folder_and_can_remove_and_rescan(
    qtbot, desktop, wait_jobs, tmp_path: Path
) -> None:
    window = desktop.window
    music = _import_one_tone(qtbot, window, tmp_path)
    wait_jobs(desktop)
    folders = window.settings.folders
    assert folders.folders() == (str(music),)
    assert load_config().library_folders == (str(music),)  # kept without pressing Save

    folders.list.setCurrentRow(0)
    with qtbot.waitSignal(folders.importRequested) as rescan:
        folders.rescan_button.click()
    assert rescan.args == [[str(music)]]
    qtbot.waitUntil(lambda: window._import_job is None, timeout=WAIT_MS)
    folders.list.setCurrentRow(0)
    folders.remove_button.click()
    assert folders.folders() == ()
    assert load_config().library_folders == ()
    wait_jobs(desktop)


def _dialog_opens_in(button: QPushButton) -> str:
    """Click ``button``, read the folder its file dialog opened in, and cancel the dialog."""
    seen: list[str] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(10, look)  # not shown yet: look again once it is
            return
        seen.append(dialog.directory().absolutePath())
        dialog.reject()

    QTimer.singleShot(0, look)
    button.click()
    return seen[0]


def test_every_folder_dialog_opens_where_the_last_import_came_from(
    qtbot, desktop, wait_jobs, tmp_path: Path
) -> None:
    window = desktop.window
    music = _import_one_tone(qtbot, window, tmp_path)
    wait_jobs(desktop)
    # Settings → Add folder opened in the home folder, whatever had been imported.
    assert _dialog_opens_in(window.settings.folders.add_button) == str(music)
    assert _dialog_opens_in(window.library.import_button) == str(music)


def _import_one_tone(qtbot, window, tmp_path: Path) -> Path:
    """A folder of one short tone, imported (scan only) as a drop or either dialog would."""
    music = tmp_path / "music"
    music.mkdir()
    write_tone(music / "a.wav", 1.0)
    window.services.import_stages = ("scan",)
    window.start_import([str(music)])
    qtbot.waitUntil(lambda: window._import_job is None, timeout=WAIT_MS)
    return music
