"""The Import button: recommendations as soon as analysis ends, training behind them, its run
replacing the first results when saved — with no action from the listener."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from desktop.views.recommendations import SHOWN
from tests.gui.conftest import IMPORT_WAIT_MS, WAIT_MS, train_without_spark

pytestmark = pytest.mark.gui


def test_recommendations_before_training_then_the_run_replaces_them(
    qtbot, desktop, wait_jobs, clips: Path
) -> None:
    window = desktop.window
    services = window.services
    store = desktop.ctx.store
    panel = window.library.import_panel
    seen: list[tuple[str, str]] = []
    original = panel.progress

    def spy(stage: str, done: int, total: int) -> None:
        original(stage, done, total)
        seen.append((panel.stage.text(), panel.counts.text()))

    panel.progress = spy
    # The Spark job itself is covered by test_window's slow test; here the background step
    # saves an in-process run once the test lets it, so "before" and "after" are both seen.
    release = threading.Event()
    training_started = threading.Event()

    def train(*, cancel: threading.Event, report) -> str:
        training_started.set()
        assert release.wait(120)
        train_without_spark(store)
        return "trained in process"

    services.train = train
    window.start_import([str(clips)])
    qtbot.waitUntil(training_started.is_set, timeout=IMPORT_WAIT_MS)  # the import job has ended
    assert store.active_run() is None
    labels = {label for label, _ in seen}
    assert {"Importing", "Analysing"} <= labels
    assert any(" of " in counts for label, counts in seen if label == "Analysing")
    assert "training mixes in the background" in panel.counts.text()
    assert window._import_job is not None and panel.cancel_button.isVisible()

    # First pass: the pane and radio work while training runs.
    window.sidebar.select("Library")
    window.library.table.selectRow(1)
    pane = window.recommendations
    qtbot.waitUntil(lambda: pane.list.count() >= 5, timeout=WAIT_MS)
    assert all(r.reason for r in pane.recommendations)
    seed = window.library_model.track_at(1)
    assert window.controller.start_radio(seed)
    qtbot.waitUntil(lambda: len(desktop.player.queue) >= 3, timeout=WAIT_MS)  # radio picks

    release.set()
    qtbot.waitUntil(lambda: window._import_job is None, timeout=IMPORT_WAIT_MS)
    wait_jobs(desktop)
    assert panel.stage.text().endswith("; trained in process")
    assert services.recommender().run is not None  # the run now answers
    # The pane was refreshed from the run, not left on the first pass.
    from_run = [r.track.track_id for r in services.recommend(pane.seed.track_id, SHOWN)]
    qtbot.waitUntil(
        lambda: [r.track.track_id for r in pane.recommendations] == from_run, timeout=WAIT_MS
    )
    assert store.neighbours(pane.seed.track_id, 1)
