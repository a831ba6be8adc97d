"""Songs dragged into playlists: over the sidebar (it opens Playlists), from any song list (the
drag carries the songs' ids), onto a playlist's own song list (added; Liked songs takes none)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent

from engine.models import Track
from tests.gui.playlist_steps import entries, fill_library, type_name

pytestmark = pytest.mark.gui


@pytest.fixture
def library(qtbot, desktop, wait_jobs, tmp_path: Path) -> list[Track]:
    return fill_library(desktop, wait_jobs, tmp_path / "music")


def test_songs_dragged_over_the_sidebar_open_playlists(qtbot, desktop, library) -> None:
    window = desktop.window
    window.sidebar.select("Library")
    mime = window.library_model.mimeData([window.library_model.index(0, 0)])
    row = [window.sidebar.item(i).text() for i in range(window.sidebar.count())].index("Playlists")
    point = window.sidebar.visualItemRect(window.sidebar.item(row)).center()
    move = QDragMoveEvent(
        point,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.sidebar.dragMoveEvent(move)
    assert window.pages.currentWidget() is window.playlists.view
    assert not move.isAccepted()  # dropped on a playlist there, not on the sidebar


def test_songs_of_any_list_carry_their_ids_in_a_drag(qtbot, desktop, library) -> None:
    from desktop.models.track_drag import dragged_track_ids

    songs = desktop.window.recommendations.list
    songs.set_tracks(library[:3])
    assert dragged_track_ids(songs.mimeData([songs.item(2), songs.item(0)])) == ["t2", "t0"]
    mixes = desktop.window.home.mixes  # a list of mixes, not songs: nothing to drop
    mixes.addItem("A mix")
    assert dragged_track_ids(mixes.mimeData([mixes.item(0)])) == []


def test_songs_dropped_on_a_playlists_song_list_are_added(qtbot, desktop, wait_jobs, library):
    # "No songs yet: drag songs here" — the list itself took no drop, only the names did.
    window, view = desktop.window, desktop.window.playlists.view
    window.sidebar.select("Playlists")
    type_name("Drops")
    view.new_button.click()
    wait_jobs(desktop)
    mime = window.library_model.mimeData([window.library_model.index(r, 0) for r in (2, 4)])
    at, copy = QPointF(view.tracks.viewport().rect().center()), Qt.DropAction.CopyAction
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(at.toPoint(), copy, mime, buttons, keys)
    view.tracks.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(at, copy, mime, buttons, keys)
    view.tracks.dropEvent(drop)
    assert drop.isAccepted()
    wait_jobs(desktop)
    ids = [window.library_model.track_at(r).track_id for r in (2, 4)]
    assert entries(desktop, "Drops") == ids and view.tracks.count() == 2

    assert view.tracks.acceptDrops()
    view.names.setCurrentRow(0)  # Liked songs: liking is the heart's job, not a drop's
    wait_jobs(desktop)
    assert not view.tracks.acceptDrops()
