"""The sound map names the song under the pointer: a dot's tooltip is its title and artist, as
plain text, so a user can see what a click will play."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from desktop.services import SoundMap
from engine.models import Track
from tests.gui.conftest import WAIT_MS, settle

pytestmark = pytest.mark.gui


def _hover(widget, at: QPoint) -> None:
    """What Qt sends when the pointer rests on ``at`` (a real hover waits for a timer)."""
    QApplication.sendEvent(widget, QHelpEvent(QEvent.Type.ToolTip, at, widget.mapToGlobal(at)))


def test_a_dot_names_its_song_and_empty_space_names_none(qtbot, desktop) -> None:
    window = desktop.window
    songs = [
        Track("a", "/music/a.ogg", "<b>Bold</b> title", "Some Artist", "Album"),
        Track("b", "/music/b.ogg", "Other", "Another", "Album"),
    ]
    window.library_model.set_tracks(songs)
    window.sidebar.select("Mixes")
    sound_map = window.mixes.sound_map
    sound_map.set_map(SoundMap(["a", "b"], np.array([[-0.8, -0.8], [0.8, 0.8]]), np.zeros(2)))
    settle()
    QToolTip.hideText()  # Qt hides a tip on a short timer
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=WAIT_MS)

    _hover(sound_map, QPoint(sound_map.width() // 2, sound_map.height() // 2))  # no dot there
    assert not QToolTip.isVisible()

    _hover(sound_map, sound_map.point_of("a").toPoint())
    assert QToolTip.isVisible()
    shown = QToolTip.text()
    assert "&lt;b&gt;Bold&lt;/b&gt; title — Some Artist" in shown  # literal, never bold
    QToolTip.hideText()

    clicked: list[str] = []
    sound_map.dotClicked.connect(clicked.append)
    qtbot.mouseClick(sound_map, Qt.MouseButton.LeftButton, pos=sound_map.point_of("b").toPoint())
    assert clicked == ["b"]  # the tooltip leaves clicks to play as before
