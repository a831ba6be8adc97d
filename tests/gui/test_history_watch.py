"""A history cleared from a terminal while the window is open: Home starts over without a
restart (the model is dropped when the outbox's count of clears moves)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.gui.test_home_for_you import _six_songs_played_days_ago

pytestmark = pytest.mark.gui

REPO = Path(__file__).resolve().parents[2]


def test_a_clear_from_another_process_empties_for_you(qtbot, desktop, wait_jobs, rng) -> None:
    ctx = _six_songs_played_days_ago(desktop, rng)
    window = desktop.window
    window.reload_home()
    wait_jobs(desktop)
    assert window.home.for_you.tracks()
    watch = desktop.history
    watch.check()  # nothing cleared yet: nothing changes
    wait_jobs(desktop)
    assert watch.seen == 0 and window.home.for_you.tracks()

    done = subprocess.run(
        [sys.executable, "-m", "engine.cli", "history", "clear"],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "forgot 6 play events" in done.stdout
    watch.timer.setInterval(50)
    watch.start()
    qtbot.waitUntil(lambda: watch.seen == 1, timeout=30_000)
    watch.stop()
    wait_jobs(desktop)
    assert window.home.for_you.tracks() == []
    assert list(ctx.event_log.iter_events()) == []
    assert not window.home.history_note.isHidden()  # "No listening history yet"


@pytest.mark.servers
def test_a_clear_on_another_device_of_the_profile_is_noticed(
    qtbot,
    build,
    wait_jobs,
    rng,
    monkeypatch,
    mongo_test_uri: str,
    mongod_uri: str,
    mongo_db_name: str,
) -> None:
    """Server mode: the profile cleared on another device (MongoDB counts every clear): the
    window drops its model and reads Home again."""
    from engine.recommend.listeners import ListenerResults
    from tests.integration.events_helpers import mongo_db

    monkeypatch.setenv("ENCORE_MONGO", mongo_test_uri)
    app = build()
    _six_songs_played_days_ago(app, rng)
    app.window.reload_home()
    wait_jobs(app)
    services = app.window.services
    before = services.personal()
    watch = app.history
    watch.check()
    wait_jobs(app)
    assert watch.seen == 0 and services.personal() is before
    ListenerResults(mongo_db(mongod_uri, mongo_db_name)).forget(app.ctx.config.listener)
    watch.check()
    qtbot.waitUntil(lambda: watch.seen == 1, timeout=30_000)
    wait_jobs(app)
    assert services.personal() is not before
