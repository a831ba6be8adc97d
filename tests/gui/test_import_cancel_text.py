"""Cancel once the songs are in: the import panel said "Import cancelled" while the library
listed every song it had just imported (a tryout: 338 songs imported, analysis cancelled). It
now says what stopped and what stays."""

from __future__ import annotations

import threading
from pathlib import Path
from types import SimpleNamespace

import pytest

from engine import library_ops
from tests.gui.conftest import WAIT_MS, write_tone

pytestmark = pytest.mark.gui


def test_cancelling_the_analysis_says_the_songs_stay(
    qtbot, desktop, wait_jobs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = desktop.window
    window.services.import_stages = ("scan", "analysis")
    folder = tmp_path / "music"
    folder.mkdir()
    write_tone(folder / "tone.wav", 1.0, sr=8000)
    done = threading.Event()

    def analyse(ctx, *, callback, cancel, **_kwargs):
        callback(0, 1)  # the analysis is under way, as the real one reports it
        cancel.wait(WAIT_MS / 1000)
        done.set()
        return SimpleNamespace(failures=(), line=lambda: "analysed 0")

    monkeypatch.setattr(library_ops, "analyse", analyse)
    window.start_import([str(folder)])
    panel = window.library.import_panel
    qtbot.waitUntil(lambda: window.import_run.stage == "analysis", timeout=WAIT_MS)
    assert desktop.ctx.store.find_by_path(str(folder / "tone.wav")) is not None  # it is in
    window.cancel_import()
    text = panel.stage.text()
    assert text.startswith("Analysis stopped") and "in the library" in text
    assert "cancelled" not in text.lower()
    qtbot.waitUntil(done.is_set, timeout=WAIT_MS)
    wait_jobs(desktop)


def test_cancelling_before_the_scan_ends_still_says_import_cancelled(
    qtbot, desktop, wait_jobs, tmp_path: Path
) -> None:
    window = desktop.window
    folder = tmp_path / "music"
    folder.mkdir()
    write_tone(folder / "tone.wav", 1.0, sr=8000)
    window.start_import([str(folder)])
    window.cancel_import()  # nothing reported yet: nothing may be in
    assert window.library.import_panel.stage.text() == "Import cancelled"
    wait_jobs(desktop)
