"""A song selected while an import is analysed: analysed next, and its recommendations appear
by themselves while the rest of the import is still being analysed."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from engine.analysis.features import FEATURE_VERSION
from tests.gui.conftest import IMPORT_WAIT_MS, WAIT_MS

pytestmark = pytest.mark.gui


@pytest.fixture
def one_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    # One analysis process: files are done in the order they are handed out.
    monkeypatch.setenv("ENCORE_WORKERS", "1")


def test_the_song_shown_is_analysed_first_and_the_pane_fills_itself(
    one_worker, qtbot, desktop, wait_jobs, clips: Path
) -> None:
    window = desktop.window
    services = window.services
    store = desktop.ctx.store
    assert desktop.ctx.config.analysis_workers == 1
    services.import_stages = ("scan",)
    window.start_import([str(clips)])
    qtbot.waitUntil(lambda: window._import_job is None, timeout=IMPORT_WAIT_MS)
    wait_jobs(desktop)
    due = store.tracks_to_analyse(FEATURE_VERSION)
    assert len(due) >= 4
    last = due[-1]  # the song the analysis would reach last on its own

    window.sidebar.select("Library")
    window.library.table.selectRow(window.library_model.row_of(last.track_id))
    pane = window.recommendations
    assert pane.seed is not None and pane.seed.track_id == last.track_id
    qtbot.waitUntil(lambda: pane.status.text().startswith("Not analysed yet"), timeout=WAIT_MS)

    # Hold the analysis after its second saved batch, so what the pane shows meanwhile can
    # only come from its own refresh, not from the end of the import.
    batches: list[list[str]] = []
    release = threading.Event()
    run_pipeline = services.run_pipeline

    def held(paths, *, saved, **kwargs):
        def spy(ids: list[str]) -> None:
            batches.append(list(ids))
            saved(ids)
            if len(batches) == 2:
                assert release.wait(120)

        return run_pipeline(paths, saved=spy, **kwargs)

    services.run_pipeline = held
    services.import_stages = ("scan", "analysis")
    window.start_import([str(clips)])
    try:
        qtbot.waitUntil(lambda: len(batches) == 2, timeout=IMPORT_WAIT_MS)
        assert batches[0] == [last.track_id]  # handed out first, saved alone at once
        qtbot.waitUntil(lambda: pane.list.count() > 0, timeout=WAIT_MS)
        assert window._import_job is not None  # the rest is still being analysed
        assert pane.seed.track_id == last.track_id
        assert all(r.reason for r in pane.recommendations)
    finally:
        release.set()
    qtbot.waitUntil(lambda: window._import_job is None, timeout=IMPORT_WAIT_MS)
    wait_jobs(desktop)
    assert not store.tracks_to_analyse(FEATURE_VERSION)
