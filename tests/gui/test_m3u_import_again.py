"""A playlist file imported when a playlist has its name — imported twice, or exported here and
read back — makes "name (2)", "name (3)"… as other players do; it was refused with "a playlist
named 'name' already exists" and nothing imported."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.models import Track
from tests.gui.playlist_steps import entries, fill_library

pytestmark = pytest.mark.gui


@pytest.fixture
def library(qtbot, desktop, wait_jobs, tmp_path: Path) -> list[Track]:
    return fill_library(desktop, wait_jobs, tmp_path / "music")


def test_a_file_imported_again_makes_a_numbered_playlist(
    qtbot, desktop, wait_jobs, library, tmp_path: Path
) -> None:
    window = desktop.window
    view, actions = window.playlists.view, window.playlists.actions
    window.sidebar.select("Playlists")
    m3u = tmp_path / "Road trip.m3u8"
    m3u.write_text(f"{library[2].path}\n{library[0].path}\n", encoding="utf-8")
    for _ in range(3):
        actions.import_file(str(m3u))
        wait_jobs(desktop)
    assert actions.names() == ["Road trip", "Road trip (2)", "Road trip (3)"]
    assert all(entries(desktop, n) == ["t2", "t0"] for n in actions.names())
    assert "Imported Road trip (3): 2 songs" in window.statusBar().currentMessage()
    assert view.current == "Road trip (3)"  # the new one is shown

    # Exported and read back: the file is named for the playlist, which is there.
    out = tmp_path / "export" / "Road trip (2).m3u8"
    out.parent.mkdir()
    actions.export_file("Road trip (2)", str(out))
    wait_jobs(desktop)
    actions.import_file(str(out))
    wait_jobs(desktop)
    assert "Road trip (2) (2)" in actions.names()
    assert entries(desktop, "Road trip (2) (2)") == ["t2", "t0"]
