"""Songs imported but never analysed (the window closed mid-import, or an update changed the
analysis) are analysed at the next start, without the listener asking."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from engine.library.importer import import_library
from tests.gui.conftest import WAIT_MS, write_tone

pytestmark = pytest.mark.gui


def _start(qtbot, config):
    from desktop.app import build_desktop
    from engine.context import build_context
    from engine.playback.output import NullOutput

    app = build_desktop(build_context(config), output=NullOutput(realtime=True, keep=False))
    # Training after the analysis is the import's own business (tested there): not here.
    app.window.services.import_stages = ("scan", "analysis")
    qtbot.addWidget(app.window)
    app.window.show()
    return app


def _config(folders: tuple[str, ...]):
    from engine.config import load_config

    return replace(load_config(), library_folders=folders)


def test_pending_songs_are_analysed_at_the_next_start(qtbot, tmp_path: Path, wait_jobs) -> None:
    music = tmp_path / "music"
    music.mkdir()
    for i, freq in enumerate((220.0, 330.0, 440.0)):
        write_tone(music / f"{i:02d} tone.wav", seconds=3.0, freq=freq)
    config = _config((str(music),))
    app = _start(qtbot, _config(()))  # a library with no folders: nothing to resume
    store = app.ctx.store
    import_library(store, str(music))  # imported, then closed before any analysis
    wait_jobs(app)
    assert app.window._import_job is None
    assert store.counts()["analysis_pending"] == 3
    app.window.close()
    app.close()

    app = _start(qtbot, config)
    try:
        store = app.ctx.store
        qtbot.waitUntil(lambda: store.counts()["analysis_pending"] == 0, timeout=4 * WAIT_MS)
        qtbot.waitUntil(lambda: app.window._import_job is None, timeout=WAIT_MS)
        counts = store.counts()
        assert (counts["analysis_pending"], counts["analysed"]) == (0, 3)
        wait_jobs(app)
    finally:
        app.window.close()
        app.close()


def test_nothing_runs_when_every_song_is_analysed(qtbot, tmp_path: Path, wait_jobs) -> None:
    music = tmp_path / "music"
    music.mkdir()
    write_tone(music / "a.wav", seconds=1.0)
    app = _start(qtbot, _config((str(music),)))
    try:
        wait_jobs(app)  # the store is empty: no song pending, no import started
        assert app.window._import_job is None
    finally:
        app.window.close()
        app.close()
