"""An import adds a folder's songs in the order people count, "track2" before "track14"
(engine.library.ordering.path_order), and the Library shows them so until a column is
clicked: plain text order listed and played Track 1, Track 14, Track 2, Track 24, …"""

from __future__ import annotations

import pytest

from desktop.models.library_columns import COL_TITLE
from tests.gui.conftest import WAIT_MS, write_tone

pytestmark = pytest.mark.gui


def test_the_library_lists_an_import_in_number_order(qtbot, desktop, wait_jobs, tmp_path) -> None:
    music = tmp_path / "music"
    for folder in ("Artist/Album", "Artist/Album 10", "Artist/Album 9"):
        (music / folder).mkdir(parents=True)
    for name in ("track14.wav", "track2.wav", "track1.wav", "track10.wav"):
        write_tone(music / "Artist" / "Album" / name, 1.0, sr=8000)
    write_tone(music / "Artist" / "Album 10" / "track1.wav", 1.0, freq=330.0, sr=8000)
    write_tone(music / "Artist" / "Album 9" / "track1.wav", 1.0, freq=550.0, sr=8000)
    window = desktop.window
    window.load_all()
    wait_jobs(desktop)
    window.services.import_stages = ("scan",)
    window.start_import([str(music)])
    qtbot.waitUntil(lambda: window._import_job is None, timeout=WAIT_MS)
    model = window.library_model
    qtbot.waitUntil(lambda: model.rowCount() == 6, timeout=WAIT_MS)
    shown = [(model.track_at(r).album, model.index(r, COL_TITLE).data()) for r in range(6)]
    assert shown == [
        ("Album", "Track 1"),
        ("Album", "Track 2"),
        ("Album", "Track 10"),
        ("Album", "Track 14"),
        ("Album 9", "Track 1"),
        ("Album 10", "Track 1"),
    ]
    # Play from the first row: the queue follows the same order.
    window.library.table.activated.emit(model.index(0, COL_TITLE))
    qtbot.waitUntil(lambda: desktop.player.current is not None, timeout=WAIT_MS)
    titles = [t.title for t in desktop.player.queue.tracks]
    assert titles[:4] == ["Track 1", "Track 2", "Track 10", "Track 14"]
