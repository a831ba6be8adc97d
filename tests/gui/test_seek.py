"""The seek bar: click jumps to the point, a drag previews the time, ←/→ seek five seconds."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from engine.models import Track
from tests.gui.conftest import WAIT_MS, write_tone

pytestmark = pytest.mark.gui

SECONDS = 40.0


@pytest.fixture
def paused(qtbot, desktop, tmp_path: Path):
    """A 40-s song, paused at its start: positions then move only when the test seeks."""
    path = write_tone(tmp_path / "long.wav", SECONDS, sr=8000)
    track = Track("long", str(path), "Long tone", "Synth", "Tests", duration=SECONDS)
    desktop.window.controller.play_tracks([track])
    player = desktop.player
    qtbot.waitUntil(lambda: player.state == "playing", timeout=WAIT_MS)
    player.pause()
    player.seek(0.0)
    qtbot.waitUntil(lambda: player.state == "paused", timeout=WAIT_MS)
    return desktop


def _x_for(slider, fraction: float) -> QPoint:
    """The pixel whose value is ``fraction`` of the range (the widget's own mapping)."""
    y = slider.height() // 2
    target = round(fraction * slider.maximum())
    return QPoint(
        min(range(slider.width()), key=lambda x: abs(slider.value_at(QPoint(x, y)) - target)), y
    )


def test_a_click_on_the_bar_jumps_to_that_point(qtbot, paused) -> None:
    bar, player = paused.window.now_playing, paused.player
    bar.update_position()
    slider = bar.seek_slider
    qtbot.mouseClick(slider, Qt.MouseButton.LeftButton, pos=_x_for(slider, 0.75))
    assert player.position() == pytest.approx(0.75 * SECONDS, abs=0.5)


def test_dragging_previews_the_time_and_seeks_on_release(qtbot, paused) -> None:
    bar, player = paused.window.now_playing, paused.player
    slider = bar.seek_slider
    qtbot.mousePress(slider, Qt.MouseButton.LeftButton, pos=_x_for(slider, 0.25))
    qtbot.mouseMove(slider, _x_for(slider, 0.5))
    assert bar.elapsed.text() == "0:20"
    assert bar.remaining.text() == "-0:20"
    bar.update_position()  # the poll does not pull the handle back mid-drag
    assert bar.elapsed.text() == "0:20"
    assert player.position() < 1.0  # not yet: the song moves when the button is released
    qtbot.mouseRelease(slider, Qt.MouseButton.LeftButton, pos=_x_for(slider, 0.5))
    assert player.position() == pytest.approx(0.5 * SECONDS, abs=0.5)


def test_arrow_keys_seek_five_seconds_except_in_a_text_field(qtbot, paused) -> None:
    window, player = paused.window, paused.player
    window.sidebar.select("Library")
    window.library.table.setFocus()
    player.seek(10.0)
    qtbot.keyClick(window.library.table, Qt.Key.Key_Right)
    assert player.position() == pytest.approx(15.0, abs=0.2)
    qtbot.keyClick(window.library.table, Qt.Key.Key_Left)
    qtbot.keyClick(window.library.table, Qt.Key.Key_Left)
    assert player.position() == pytest.approx(5.0, abs=0.2)
    qtbot.keyClick(window.library.table, Qt.Key.Key_Left)
    assert player.position() == pytest.approx(0.0, abs=0.2)

    window.library.search.setFocus()
    qtbot.keyClicks(window.library.search, "ab")
    qtbot.keyClick(window.library.search, Qt.Key.Key_Left)
    assert window.library.search.cursorPosition() == 1
    assert player.position() == pytest.approx(0.0, abs=0.2)


def test_a_focused_volume_slider_keeps_its_arrow_keys(qtbot, paused) -> None:
    bar, player = paused.window.now_playing, paused.player
    player.seek(10.0)
    bar.volume_slider.setValue(50)
    bar.volume_slider.setFocus()
    qtbot.keyClick(bar.volume_slider, Qt.Key.Key_Right)
    assert bar.volume_slider.value() == 51 and player.volume == pytest.approx(0.51)
    assert player.position() == pytest.approx(10.0, abs=0.2)  # no seek
