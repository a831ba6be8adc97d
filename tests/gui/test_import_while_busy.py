"""A folder chosen while an import runs is imported when that import ends — not refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gui.conftest import WAIT_MS, write_tone

pytestmark = pytest.mark.gui


def _folder(root: Path, name: str, songs: int) -> Path:
    folder = root / name
    folder.mkdir()
    for i in range(songs):
        write_tone(folder / f"{name} {i}.wav", 1.0, freq=300.0 + 40 * i, sr=8000)
    return folder


def test_a_folder_chosen_during_an_import_waits_for_it(
    qtbot, desktop, wait_jobs, tmp_path: Path
) -> None:
    window = desktop.window
    window.services.import_stages = ("scan",)  # tags only: no analysis, no training
    first, second = _folder(tmp_path, "first", 3), _folder(tmp_path, "second", 2)
    window.start_import([str(first)])
    assert window._import_job is not None
    # The first job's results reach the GUI thread only through its event loop: still running.
    window.start_import([str(second)])
    message = window.statusBar().currentMessage()
    assert "second: imported when the current import ends" in message
    qtbot.waitUntil(
        lambda: window._import_job is None and not window.import_run.waiting, timeout=WAIT_MS
    )
    wait_jobs(desktop)
    paths = {Path(t.path).parent.name for t in desktop.ctx.store.iter_tracks()}
    assert paths == {"first", "second"}
    # The table's reload is a read of its own, delivered after the jobs: wait for it (a
    # stale read of the first import alone would leave 3 rows and fail here).
    qtbot.waitUntil(lambda: window.library_model.rowCount() == 5, timeout=WAIT_MS)
    assert set(window.settings.folders.folders()) >= {str(first), str(second)}
