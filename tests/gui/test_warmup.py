"""The recommender is warmed in a worker at start-up and again after a training run."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from engine.recommend.recommender import Recommender
from tests.gui.conftest import corners_library, save_corners_run

pytestmark = pytest.mark.gui


def test_start_up_and_new_runs_warm_the_recommender_off_the_gui_thread(
    qtbot, desktop, wait_jobs, tmp_path: Path, monkeypatch
) -> None:
    warmed_on: list[str] = []
    real_warm = Recommender.warm

    def watched_warm(self) -> None:  # the real warm-up, noting which thread ran it
        warmed_on.append(threading.current_thread().name)
        real_warm(self)

    monkeypatch.setattr(Recommender, "warm", watched_warm)
    store = desktop.ctx.store
    corners_library(store, tmp_path / "music", per_group=6)
    window = desktop.window
    window.load_all()
    wait_jobs(desktop)

    assert window.warmed_run == "corners-1"
    assert warmed_on and all(name.startswith("encore-job") for name in warmed_on)
    recommender = window.services.recommender()
    assert recommender.loaded_clusters() == [0, 1]  # every cluster indexed before any query

    # A training run lands (here: saved while an import runs); the import's end re-warms.
    vectors = {tid: store.get_features(tid).vector for tid in store.cluster_members(0)}
    vectors |= {tid: store.get_features(tid).vector for tid in store.cluster_members(1)}
    save_corners_run(store, vectors, run_id="corners-2")
    window.services.import_stages = ("scan",)
    (tmp_path / "empty").mkdir()
    window.start_import([str(tmp_path / "empty")])
    qtbot.waitUntil(lambda: window._import_job is None, timeout=30_000)
    wait_jobs(desktop)
    assert window.warmed_run == "corners-2"
    fresh = window.services.recommender()
    assert fresh is not recommender and fresh.run.run_id == "corners-2"
    assert fresh.loaded_clusters() == [0, 1]
