"""The heart at the end of every song row: a click on it likes or unlikes the song (recorded
like the now-playing bar's), a double-click on it does not play, and every list — the Library
table, the short lists, an album's songs — shows a like made anywhere else at once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView

from desktop.models.library_columns import COL_TITLE
from desktop.widgets.heart_delegate import HeartDelegate
from engine.models import Track
from tests.gui.conftest import WAIT_MS, write_tone

pytestmark = pytest.mark.gui
LIKED_RED = QColor("#e35d6a")  # assets/icons/heart-filled.svg


class Paints(QObject):
    """Counts the paint events of a widget."""

    def __init__(self, widget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # Qt's name
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def _shows_red(view: QAbstractItemView, cell: QRect) -> bool:
    """Whether the heart drawn in ``cell`` of ``view`` is the filled (liked) one."""
    image = view.viewport().grab(HeartDelegate.heart_rect(cell)).toImage()
    for y in range(image.height()):
        for x in range(image.width()):
            c = image.pixelColor(x, y)
            if (
                abs(c.red() - LIKED_RED.red()) < 40
                and abs(c.green() - LIKED_RED.green()) < 40
                and abs(c.blue() - LIKED_RED.blue()) < 40
            ):
                return True
    return False


def _click(view: QAbstractItemView, point: QPoint, *, double: bool = False) -> None:
    """A click, or a double-click as a mouse sends it: press, release, double-click, release."""
    left, viewport = Qt.MouseButton.LeftButton, view.viewport()
    QTest.mouseClick(viewport, left, pos=point)
    if double:
        QTest.mouseDClick(viewport, left, pos=point)  # QTest sends only the double-click event
        QTest.mouseRelease(viewport, left, pos=point)


def _kinds(ctx, track_id: str) -> list[str]:
    return [
        e.type
        for e in ctx.event_log.iter_events()
        if e.track_id == track_id and e.type in ("like", "unlike")
    ]


@pytest.fixture
def songs(desktop, wait_jobs, tmp_path: Path) -> list[Track]:
    tracks = [
        Track(
            f"s{i}",
            str(write_tone(tmp_path / f"s{i}.wav", 20.0, sr=8000)),
            f"Song {i}",
            "Band",
            "Record",
            track_no=i + 1,
        )
        for i in range(3)
    ]
    desktop.ctx.store.upsert_tracks(tracks)
    desktop.window.load_all()
    wait_jobs(desktop)
    return tracks


def test_the_library_rows_heart_likes_and_unlikes(qtbot, desktop, wait_jobs, songs) -> None:
    window, player = desktop.window, desktop.player
    window.sidebar.select("Library")
    table, model = window.library.table, window.library_model
    likes = window.playlists.likes
    index = model.index(model.row_of("s1"), COL_TITLE)
    cell = table.visualRect(index)
    heart = HeartDelegate.heart_rect(cell).center()
    assert not _shows_red(table, cell)

    description = Qt.ItemDataRole.AccessibleDescriptionRole
    assert model.data(index, description) is None
    _click(table, heart)
    assert likes.is_liked("s1") and _shows_red(table, cell)
    assert model.data(index, description) == "liked"  # what a screen reader adds
    wait_jobs(desktop)
    assert _kinds(desktop.ctx, "s1") == ["like"]

    # A double-click on the heart is a like toggle, never "play from here".
    _click(table, heart, double=True)
    assert not likes.is_liked("s1") and not _shows_red(table, cell)
    assert player.current is None
    wait_jobs(desktop)
    assert _kinds(desktop.ctx, "s1") == ["like", "unlike"]

    # A double-click on the rest of the row still plays it.
    _click(table, QPoint(cell.left() + 10, cell.center().y()), double=True)
    qtbot.waitUntil(lambda: player.current is not None, timeout=WAIT_MS)
    assert player.current.track_id == "s1"


def test_a_like_made_elsewhere_shows_in_every_list_at_once(
    qtbot, desktop, wait_jobs, songs
) -> None:
    window, controller = desktop.window, desktop.window.controller
    likes = window.playlists.likes
    window.sidebar.select("Library")
    table, model = window.library.table, window.library_model
    cell = table.visualRect(model.index(model.row_of("s0"), COL_TITLE))
    controller.play_tracks(songs)
    qtbot.waitUntil(lambda: desktop.player.current is not None, timeout=WAIT_MS)
    bar_heart = window.playlists.heart
    qtbot.waitUntil(bar_heart.isEnabled, timeout=WAIT_MS)
    paints = Paints(table.viewport())

    bar_heart.click()  # the now-playing bar likes s0: the table repaints by itself
    assert likes.is_liked("s0")
    qtbot.waitUntil(lambda: paints.count > 0, timeout=WAIT_MS)
    assert _shows_red(table, cell)

    # The queue's list shows the same heart, and a click there unlikes for the bar too.
    queue = window.queue.list
    window.sidebar.select("Queue")
    qtbot.waitUntil(lambda: queue.count() == 3, timeout=WAIT_MS)
    row_cell = queue.visualItemRect(queue.item(0))
    assert _shows_red(queue, row_cell)
    description = Qt.ItemDataRole.AccessibleDescriptionRole
    assert queue.item(0).data(description) == "playing now, liked"
    assert queue.item(1).data(description) is None
    assert not _shows_red(queue, queue.visualItemRect(queue.item(1)))
    _click(queue, HeartDelegate.heart_rect(row_cell).center())
    assert not likes.is_liked("s0") and not bar_heart.isChecked()
    assert not _shows_red(queue, row_cell)
    wait_jobs(desktop)
    assert _kinds(desktop.ctx, "s0") == ["like", "unlike"]


def test_a_like_from_the_command_line_shows_when_the_window_is_active_again(
    qtbot, qapp, desktop, wait_jobs, songs, encore_home: Path
) -> None:
    window = desktop.window
    likes = window.playlists.likes
    assert likes.loaded and not likes.is_liked("s1")
    script = Path(sys.executable).parent / "encore"
    env = dict(os.environ, ENCORE_HOME=str(encore_home))
    done = subprocess.run(
        [str(script), "like", songs[1].path], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    window.sidebar.select("Library")
    table, model = window.library.table, window.library_model
    cell = table.visualRect(model.index(model.row_of("s1"), COL_TITLE))
    assert not _shows_red(table, cell)  # the window has not looked yet
    qapp.applicationStateChanged.emit(Qt.ApplicationState.ApplicationActive)
    wait_jobs(desktop)
    assert likes.is_liked("s1") and _shows_red(table, cell)


def test_an_albums_songs_have_hearts(qtbot, desktop, wait_jobs, songs) -> None:
    window = desktop.window
    likes = window.playlists.likes
    albums = window.browse.albums
    window.sidebar.select("Albums")
    qtbot.waitUntil(lambda: albums.model.rowCount() == 1, timeout=WAIT_MS)
    albums.open_album(albums.model.item_at(0))
    page = albums.page
    likes.set_liked([songs[2]], True)  # as a context menu does
    songs_view = page.songs
    cell = songs_view.visualRect(songs_view.indexFromItem(songs_view.topLevelItem(2), 1))
    first = songs_view.visualRect(songs_view.indexFromItem(songs_view.topLevelItem(0), 1))
    assert _shows_red(songs_view, cell) and not _shows_red(songs_view, first)
    shown = [a.text() for a in page.menu_for(2).actions()]  # Unlike there too
    assert "Unlike" in shown and "Add to playlist" in shown
    _click(songs_view, HeartDelegate.heart_rect(cell).center())
    assert not likes.is_liked("s2")
    wait_jobs(desktop)
    assert _kinds(desktop.ctx, "s2") == ["like", "unlike"]
