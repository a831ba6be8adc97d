"""Play with nothing queued plays the library as listed, as other players do — in a new user's
tryout the first Play after an import did nothing at all, with no word why."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gui.conftest import WAIT_MS, write_tone

pytestmark = pytest.mark.gui


def _imported(qtbot, desktop, wait_jobs, tmp_path: Path, songs: int) -> None:
    window = desktop.window
    window.services.import_stages = ("scan",)  # tags only: the rows are all this needs
    folder = tmp_path / "music"
    folder.mkdir()
    for i in range(songs):
        write_tone(folder / f"{i:02d} Tone.wav", 20.0, freq=300.0 + 50 * i, sr=8000)
    window.start_import([str(folder)])
    qtbot.waitUntil(lambda: window._import_job is None, timeout=WAIT_MS)
    wait_jobs(desktop)
    qtbot.waitUntil(lambda: window.library_model.rowCount() == songs, timeout=WAIT_MS)


def test_play_with_an_empty_queue_plays_the_library_from_the_top(
    qtbot, desktop, wait_jobs, tmp_path: Path
) -> None:
    _imported(qtbot, desktop, wait_jobs, tmp_path, 3)
    window, player = desktop.window, desktop.player
    model = window.library_model
    assert not player.queue.tracks and player.current is None
    window.now_playing.play_button.click()
    qtbot.waitUntil(lambda: player.state == "playing", timeout=WAIT_MS)
    assert player.current.track_id == model.track_at(0).track_id
    listed = [model.track_at(r).track_id for r in range(model.rowCount())]
    queued = [player.queue.tracks.track_id(i) for i in range(len(player.queue.tracks))]
    assert queued == listed  # next follows the list shown
    assert window.controller.context == "Library"


def test_play_with_an_empty_queue_starts_at_the_selected_song(
    qtbot, desktop, wait_jobs, tmp_path: Path
) -> None:
    _imported(qtbot, desktop, wait_jobs, tmp_path, 3)
    window, player = desktop.window, desktop.player
    table = window.library.table
    table.setCurrentIndex(window.library_model.index(2, 0))
    window.controller.toggle()  # Space, the media key and MPRIS Play all come here
    qtbot.waitUntil(lambda: player.state == "playing", timeout=WAIT_MS)
    assert player.current.track_id == window.library_model.track_at(2).track_id
    window.controller.toggle()
    qtbot.waitUntil(lambda: player.state == "paused", timeout=WAIT_MS)  # a toggle again
