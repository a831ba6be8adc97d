"""Editing the queue from the keyboard and by drag, as in any player: Delete removes the
selected song (and again the next one), Alt+Up/Down and a drag move a song in the play order
(shuffled too), the playing song staying current. The Queue page had none of these."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt

from engine.models import Track
from tests.gui.conftest import WAIT_MS
from tests.gui.playlist_steps import fill_library

pytestmark = pytest.mark.gui


@pytest.fixture
def queue_page(qtbot, desktop, wait_jobs, tmp_path: Path):
    tracks = fill_library(desktop, wait_jobs, tmp_path / "music")
    window, player = desktop.window, desktop.player
    window.controller.play_tracks(tracks, 0)
    qtbot.waitUntil(lambda: player.current is not None, timeout=WAIT_MS)
    window.sidebar.select("Queue")
    return window.queue


def _listed(view) -> list[str]:
    return [t.track_id for t in view.list.tracks()]


def _play_order(player) -> list[str]:
    return [player.queue.tracks.track_id(i) for i in player.queue.order]


def test_delete_removes_the_selected_song_and_then_the_next(qtbot, desktop, queue_page) -> None:
    view, player = queue_page, desktop.player
    view.list.setFocus()
    view.list.setCurrentRow(2)
    qtbot.keyClick(view.list, Qt.Key.Key_Delete)
    assert _play_order(player) == ["t0", "t1", "t3", "t4"]
    assert _listed(view) == ["t0", "t1", "t3", "t4"]
    assert view.list.currentRow() == 2  # on the song after it, for a second Delete
    qtbot.keyClick(view.list, Qt.Key.Key_Delete)
    assert _play_order(player) == ["t0", "t1", "t4"]
    assert player.current.track_id == "t0"


def test_alt_arrows_move_the_selected_song(qtbot, desktop, queue_page) -> None:
    view, player = queue_page, desktop.player
    view.list.setFocus()
    view.list.setCurrentRow(4)
    alt = Qt.KeyboardModifier.AltModifier
    qtbot.keyClick(view.list, Qt.Key.Key_Up, alt)
    qtbot.keyClick(view.list, Qt.Key.Key_Up, alt)
    assert _play_order(player) == ["t0", "t1", "t4", "t2", "t3"]
    assert _listed(view) == _play_order(player)
    assert view.list.currentRow() == 2  # the moved song stays selected
    qtbot.keyClick(view.list, Qt.Key.Key_Down, alt)
    assert _play_order(player) == ["t0", "t1", "t2", "t4", "t3"]
    assert player.current.track_id == "t0"
    assert player.queue.peek_next(natural=False) == 1  # t1 still plays next


def test_a_drag_in_the_shuffled_queue_changes_what_plays_next(qtbot, desktop, queue_page) -> None:
    view, player, controller = queue_page, desktop.player, desktop.window.controller
    controller.set_shuffle(True)
    before = _listed(view)
    assert before == _play_order(player)
    # The move Qt's drop makes in a list (InternalMove): the last row dropped under the first.
    view.list.model().moveRow(QModelIndex(), 4, QModelIndex(), 1)
    wanted = [before[0], before[4], *before[1:4]]
    qtbot.waitUntil(lambda: _play_order(player) == wanted, timeout=WAIT_MS)
    assert _listed(view) == wanted
    assert player.current.track_id == before[0]
    nxt = player.queue.peek_next(natural=False)
    assert isinstance(player.queue.tracks[nxt], Track)
    assert player.queue.tracks.track_id(nxt) == before[4]
