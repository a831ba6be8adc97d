"""One click on an album's cover or an artist's name opens it, as in other players (it took a
double-click, so a first click seemed to do nothing); a habitual double-click opens it once
and its second click does not press what the opened page shows under the pointer."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget

from desktop.widgets.open_on_click import _DropNextDoubleClick
from engine.models import Track
from tests.gui.conftest import WAIT_MS, write_tone

pytestmark = pytest.mark.gui


def _library(store, root: Path) -> None:
    root.mkdir(parents=True)
    tracks = [
        Track(tid, str(write_tone(root / f"{tid}.wav", seconds=0.5)), title, "Ann", "Blue Hour")
        for tid, title in (("a1", "First"), ("a2", "Second"))
    ]
    store.upsert_tracks(tracks)


def _loaded(qtbot, desktop, wait_jobs, page: str):
    window = desktop.window
    window.load_all()
    wait_jobs(desktop)
    window.sidebar.select(page)
    return window


def _click(qtbot, view, row: int) -> None:
    rect = view.visualRect(view.model().index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _send(widget: QWidget, kind: QEvent.Type) -> None:
    centre = QPointF(widget.rect().center())
    event = QMouseEvent(
        kind,
        centre,
        QPointF(widget.mapToGlobal(centre.toPoint())),
        Qt.MouseButton.LeftButton,
        Qt.MouseButton.LeftButton
        if kind != QEvent.Type.MouseButtonRelease
        else Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)


def test_one_click_on_an_album_opens_its_page(qtbot, desktop, wait_jobs, tmp_path: Path) -> None:
    _library(desktop.ctx.store, tmp_path / "music")
    albums = _loaded(qtbot, desktop, wait_jobs, "Albums").browse.albums
    qtbot.waitUntil(lambda: albums.model.rowCount() == 1, timeout=WAIT_MS)
    _click(qtbot, albums.grid, 0)
    assert albums.currentWidget().widget() is albums.page
    assert albums.page.title.text() == "Blue Hour"


def test_one_click_on_an_artist_opens_their_page(qtbot, desktop, wait_jobs, tmp_path: Path) -> None:
    _library(desktop.ctx.store, tmp_path / "music")
    artists = _loaded(qtbot, desktop, wait_jobs, "Artists").browse.artists
    qtbot.waitUntil(lambda: artists.model.rowCount() == 1, timeout=WAIT_MS)
    _click(qtbot, artists.list, 0)
    assert artists.currentIndex() == 1 and artists.page.artist.name == "Ann"


def test_the_second_click_of_a_double_click_does_not_press_the_opened_page(
    qtbot, desktop, wait_jobs, tmp_path: Path
) -> None:
    _library(desktop.ctx.store, tmp_path / "music")
    albums = _loaded(qtbot, desktop, wait_jobs, "Albums").browse.albums
    qtbot.waitUntil(lambda: albums.model.rowCount() == 1, timeout=WAIT_MS)
    _click(qtbot, albums.grid, 0)
    play = albums.page.play_button
    pressed = []
    play.clicked.connect(lambda: pressed.append(True))
    # The window system sends the second click to whatever is under the pointer now.
    _send(play, QEvent.Type.MouseButtonDblClick)
    _send(play, QEvent.Type.MouseButtonRelease)
    assert pressed == [] and desktop.player.current is None
    app = QApplication.instance()
    qtbot.waitUntil(lambda: not app.findChildren(_DropNextDoubleClick), timeout=WAIT_MS)
    qtbot.mouseClick(play, Qt.MouseButton.LeftButton)  # later clicks go through
    assert pressed == [True]
