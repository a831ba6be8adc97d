"""A newer training run reaches the running window: recommender, Home and Mixes reload in the
background, the song playing and the queue stay as they are, and the status bar says so."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from desktop.live_results import UPDATED_NOTE
from engine.events.wire import PlayEvent
from tests.gui.conftest import WAIT_MS, corners_library, save_corners_run

pytestmark = pytest.mark.gui


def _vectors(store) -> dict:
    ids, matrix, _names = store.feature_matrix()
    return {tid: matrix[i] for i, tid in enumerate(ids)}


def test_a_newer_run_reloads_the_window_and_leaves_playback_alone(
    qtbot, desktop, wait_jobs, tmp_path: Path
) -> None:
    store = desktop.ctx.store
    tracks = corners_library(store, tmp_path / "music", per_group=6, seconds=30.0)
    window, player, live = desktop.window, desktop.player, desktop.live
    for _ in range(2):  # r0 played twice: a popular song (engine.recommend.popular)
        desktop.ctx.recorder.record(
            PlayEvent("r0", "complete", desktop.ctx.config.device_id, timestamp=time.time() - 60)
        )
    live.start()
    window.load_all()
    wait_jobs(desktop)
    assert live.applied.run_id == "corners-1" and window.warmed_run == "corners-1"
    assert [m.name.value("genre") for m in window.mixes.summaries] == ["Mix j", "Mix r"]

    window.controller.play_tracks([tracks["r0"], tracks["j1"], tracks["r2"]])
    qtbot.waitUntil(lambda: player.state == "playing", timeout=WAIT_MS)
    queue_before = [t.track_id for t in player.queue.upcoming()]
    window.recommendations.show_for(tracks["r0"])
    wait_jobs(desktop)
    assert window.recommendations.recommendations

    # Trained meanwhile (a terminal's `encore train`): the timer's check finds it.
    save_corners_run(store, _vectors(store), run_id="corners-2", label="Fresh")
    live.refresh()
    qtbot.waitUntil(lambda: live.updates == 1 and window.warmed_run == "corners-2", timeout=WAIT_MS)
    wait_jobs(desktop)
    assert window.statusBar().currentMessage() == UPDATED_NOTE
    assert [m.name.value("genre") for m in window.mixes.summaries] == ["Fresh j", "Fresh r"]
    assert [t.track_id for t in window.home.popular.tracks()][:1] == ["r0"]  # its own plays
    assert window.recommendations.recommendations  # the pane asked the new run again
    assert player.state == "playing" and player.current.track_id == "r0"
    assert [t.track_id for t in player.queue.upcoming()] == queue_before

    # Nothing newer: a second tick reloads nothing.
    live.refresh()
    wait_jobs(desktop)
    assert live.updates == 1

    # Embedded training through the window's own Import job counts as served when it ends.
    save_corners_run(store, _vectors(store), run_id="corners-3", label="Third")
    window.services.import_stages = ("scan",)
    (tmp_path / "empty").mkdir()
    window.start_import([str(tmp_path / "empty")])
    qtbot.waitUntil(lambda: live.updates == 2, timeout=WAIT_MS)
    assert live.applied.run_id == "corners-3"
    wait_jobs(desktop)
    assert [m.name.value("genre") for m in window.mixes.summaries] == ["Third j", "Third r"]
    assert player.current.track_id == "r0"


@pytest.mark.servers
def test_losing_mongodb_is_said_once_and_playback_goes_on(
    qtbot, qapp, wait_jobs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.app import build_desktop
    from engine.context import build_context
    from engine.playback.output import NullOutput
    from tests.servers.mongod import start_mongod

    server = start_mongod(tmp_path / "mongod")
    monkeypatch.setenv("ENCORE_MONGO", f"{server.uri}/encore_live")
    app = build_desktop(build_context(), output=NullOutput(realtime=True, keep=False), load=False)
    try:
        qtbot.addWidget(app.window)
        window, player, live = app.window, app.player, app.live
        tracks = corners_library(app.ctx.store, tmp_path / "music", per_group=3, seconds=60.0)
        live.start()
        window.load_all()
        wait_jobs(app)
        window.controller.play_tracks([tracks["r0"], tracks["j0"]])
        qtbot.waitUntil(lambda: player.state == "playing", timeout=WAIT_MS)

        server.kill()
        live.refresh()
        qtbot.waitUntil(lambda: live.notice.isVisibleTo(window), timeout=30_000)
        said = live.notice.text()
        assert said.startswith(f"Offline: MongoDB at {server.uri}") and said.endswith("playing on")
        wait_jobs(app, timeout=60_000)
        live.refresh()  # still down: nothing new is said
        wait_jobs(app, timeout=60_000)
        assert live.notice.text() == said and list(live.problems) == ["store"]
        assert player.state == "playing" and player.current.track_id == "r0"

        server.start()  # same port, same data
        live.refresh()
        qtbot.waitUntil(lambda: not live.notice.isVisibleTo(window), timeout=30_000)
        assert window.statusBar().currentMessage() == "MongoDB is back"
        assert player.current.track_id == "r0"
    finally:
        app.window.close()
        app.close()
        server.stop()
