"""An untagged rip's ``Artist/Album/track1.wav`` shows in the Library as "Track 1" by Artist on
Album (engine.library.tags.title_from_filename), not as the file name "track1"."""

from __future__ import annotations

import pytest

from desktop.models.library_columns import COL_ALBUM, COL_ARTIST, COL_TITLE
from tests.gui.conftest import WAIT_MS, write_tone

pytestmark = pytest.mark.gui


def test_untagged_files_get_titles_from_their_names(qtbot, desktop, wait_jobs, tmp_path) -> None:
    album = tmp_path / "music" / "Artist" / "Album"
    album.mkdir(parents=True)
    for name in ("track1.wav", "02 - Second Song.wav", "03. Third.wav"):
        write_tone(album / name, 1.0, sr=8000)
    window = desktop.window
    window.load_all()
    wait_jobs(desktop)
    window.services.import_stages = ("scan",)
    window.start_import([str(tmp_path / "music")])
    qtbot.waitUntil(lambda: window._import_job is None, timeout=WAIT_MS)
    model = window.library_model
    qtbot.waitUntil(lambda: model.rowCount() == 3, timeout=WAIT_MS)
    rows = {
        tuple(model.index(r, c).data() for c in (COL_TITLE, COL_ARTIST, COL_ALBUM))
        for r in range(model.rowCount())
    }
    assert rows == {
        ("Track 1", "Artist", "Album"),
        ("Second Song", "Artist", "Album"),
        ("Third", "Artist", "Album"),
    }
