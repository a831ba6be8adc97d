"""Renaming a playlist to a name another one has: the store refuses it, and the page stays on
the playlist being renamed — it moved to the other playlist, which read as if the rename had
gone through (a tryout under Xvfb)."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.models import Track
from tests.gui.playlist_steps import fill_library, type_name

pytestmark = pytest.mark.gui


@pytest.fixture
def library(qtbot, desktop, wait_jobs, tmp_path: Path) -> list[Track]:
    return fill_library(desktop, wait_jobs, tmp_path / "music")


def test_a_refused_rename_keeps_the_playlist_selected(qtbot, desktop, wait_jobs, library) -> None:
    window, view = desktop.window, desktop.window.playlists.view
    window.sidebar.select("Playlists")
    for name in ("Chill", "Road trip"):
        type_name(name)
        view.new_button.click()
        wait_jobs(desktop)
    assert view.current == "Road trip"
    type_name("Chill")
    view.rename_button.click()
    wait_jobs(desktop)
    assert "already exists" in window.statusBar().currentMessage()
    assert sorted(view.actions.names()) == ["Chill", "Road trip"]
    assert view.current == "Road trip"
    assert view.names.currentItem().text().startswith("Road trip")
    assert view.title.text() == "Road trip"

    type_name("Long drive")  # a free name: the renamed playlist stays selected, as before
    view.rename_button.click()
    wait_jobs(desktop)
    assert view.current == "Long drive"
