"""The state is saved soon after it changes, so a kill or the end of the X session (no
closeEvent) loses nothing: a second window on the same ENCORE_HOME, built while the first is
still open, finds the queue, volume and page; SIGTERM quits through Qt."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest

from desktop.views.state_saver import SAVE_DELAY_MS
from tests.gui.conftest import WAIT_MS, corners_library

pytestmark = pytest.mark.gui


def test_a_change_is_saved_after_the_delay_without_a_close(
    qtbot, build, wait_jobs, tmp_path: Path, encore_home: Path
) -> None:
    first = build()
    tracks = corners_library(first.ctx.store, tmp_path / "music", per_group=2, seconds=30.0)
    window, controller = first.window, first.window.controller
    window.load_all()
    wait_jobs(first)
    saver = window.state_saver
    saver.save_now()
    saved = encore_home / "queue.json"
    assert json.loads(saved.read_text(encoding="utf-8"))["track_ids"] == []
    controller.play_tracks([tracks["r0"], tracks["r1"], tracks["j0"]], 1, context="Library")
    window.now_playing.volume_slider.setValue(40)
    window.sidebar.select("Queue")
    assert saver.timer.isActive() and saver.timer.interval() == SAVE_DELAY_MS
    # Debounced: nothing written on each change, one write once they stop.
    assert json.loads(saved.read_text(encoding="utf-8"))["track_ids"] == []
    saver.timer.timeout.emit()  # the delay is over (no sleep)

    second = build()  # the first was never closed, as after a kill
    second.window.load_all()
    wait_jobs(second)
    queue = second.player.queue
    assert [queue.tracks.track_id(i) for i in range(len(queue))] == ["r0", "r1", "j0"]
    assert queue.current.track_id == "r1"
    assert second.player.volume == pytest.approx(0.40)
    assert second.window.sidebar.current_page() == "Queue"


def test_quitting_the_application_saves_at_once(qtbot, build, qapp, encore_home: Path) -> None:
    app = build()
    app.window.now_playing.volume_slider.setValue(30)
    assert app.window.state_saver.timer.isActive()
    qapp.aboutToQuit.emit()  # what QApplication.quit() (and so SIGTERM) emits
    assert not app.window.state_saver.timer.isActive()
    second = build()
    assert second.player.volume == pytest.approx(0.30)


def test_sigterm_quits_through_the_event_loop(qtbot, qapp) -> None:
    from desktop.sigterm import SigtermQuit

    quits: list[bool] = []
    watcher = SigtermQuit(lambda: quits.append(True))
    try:
        os.kill(os.getpid(), signal.SIGTERM)  # would end the test run without the handler
        qtbot.waitUntil(lambda: quits == [True], timeout=WAIT_MS)
    finally:
        watcher.close()
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL
