"""The Playlists page's song buttons are pressable only when they can do something: on a new,
empty playlist Play, Move up, Move down and Remove all looked pressable and did nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gui.playlist_steps import fill_library

pytestmark = pytest.mark.gui


def _enabled(view) -> dict[str, bool]:
    buttons = {
        "play": view.play_button,
        "up": view.up_button,
        "down": view.down_button,
        "remove": view.remove_button,
    }
    return {name: button.isEnabled() for name, button in buttons.items()}


def test_an_empty_playlist_offers_no_song_button(qtbot, desktop, wait_jobs, tmp_path) -> None:
    desktop.ctx.store.create_playlist("Road trip")
    window = desktop.window
    view = window.playlists.view
    window.sidebar.select("Playlists")
    wait_jobs(desktop)
    view.names.setCurrentRow(1)
    wait_jobs(desktop)
    assert view.current == "Road trip" and view.tracks.count() == 0
    assert _enabled(view) == {"play": False, "up": False, "down": False, "remove": False}


def test_the_buttons_follow_the_selected_song(qtbot, desktop, wait_jobs, tmp_path: Path) -> None:
    fill_library(desktop, wait_jobs, tmp_path / "music", count=3)
    desktop.ctx.store.create_playlist("Road trip", ["t0", "t1", "t2"])
    window = desktop.window
    view = window.playlists.view
    window.sidebar.select("Playlists")
    wait_jobs(desktop)
    view.names.setCurrentRow(1)
    wait_jobs(desktop)
    assert view.tracks.count() == 3
    view.tracks.setCurrentRow(-1)
    assert _enabled(view) == {"play": True, "up": False, "down": False, "remove": False}
    view.tracks.setCurrentRow(0)  # the first song cannot go up
    assert _enabled(view) == {"play": True, "up": False, "down": True, "remove": True}
    view.tracks.setCurrentRow(2)  # nor the last down
    assert _enabled(view) == {"play": True, "up": True, "down": False, "remove": True}
    view.up_button.click()
    wait_jobs(desktop)
    assert view.tracks.currentRow() == 1
    assert _enabled(view) == {"play": True, "up": True, "down": True, "remove": True}

    # Liked songs: Remove is an unlike, never a move.
    window.playlists.likes.set_liked([view.tracks.tracks()[0]], True)
    wait_jobs(desktop)
    view.names.setCurrentRow(0)
    wait_jobs(desktop)
    view.tracks.setCurrentRow(0)
    assert _enabled(view) == {"play": True, "up": False, "down": False, "remove": True}
