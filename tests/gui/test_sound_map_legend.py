"""The sound map's legend is the list of mixes beside it: each row starts with its mix's dot
colour, and the mix chosen there — by click or by keyboard — stands out on the map while the
others fade. Before, nothing said which colour was which mix."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from desktop.services import SoundMap
from desktop.widgets.sound_map import SWATCH, cluster_colour
from engine.models import Track
from engine.recommend.popular import Mix
from tests.gui.conftest import TEST_MIX, settle

pytestmark = pytest.mark.gui


def _pixel(image, point) -> QColor:
    return QColor(image.pixel(point.toPoint()))


def test_each_mix_row_shows_its_map_colour_and_the_chosen_mix_stands_out(
    qtbot, desktop, wait_jobs
) -> None:
    window = desktop.window
    songs = [Track(t, f"/music/{t}.ogg", t, "Artist", "Album") for t in ("a", "b")]
    window.library_model.set_tracks(songs)
    window.sidebar.select("Mixes")
    wait_jobs(desktop)  # the page's own read of the (empty) store lands before these mixes
    mixes = window.mixes
    mixes.open_mix = None  # the list alone: no run holds these mixes' songs
    mixes.show_mixes(
        [
            (Mix(0, TEST_MIX, 1, (songs[0],)), [songs[0]]),
            (Mix(3, TEST_MIX, 1, (songs[1],)), [songs[1]]),
        ]
    )
    sound_map = mixes.sound_map
    sound_map.set_map(SoundMap(["a", "b"], np.array([[-0.6, -0.6], [0.6, 0.6]]), np.array([0, 3])))
    settle()
    for row, cluster in enumerate((0, 3)):
        swatch = mixes.mix_list.item(row).icon().pixmap(SWATCH, SWATCH).toImage()
        centre = QColor(swatch.pixel(SWATCH // 2, SWATCH // 2))
        assert centre.rgb() == cluster_colour(cluster).rgb(), row

    assert mixes.mix_list.currentRow() == 0 and sound_map.chosen == 0
    mixes.mix_list.setFocus()
    qtbot.keyClick(mixes.mix_list, Qt.Key.Key_Down)  # the keyboard reaches the legend too
    assert sound_map.chosen == 3
    image = sound_map.grab().toImage()
    chosen, faded = _pixel(image, sound_map.point_of("b")), _pixel(image, sound_map.point_of("a"))
    assert chosen.rgb() == cluster_colour(3).rgb()
    full = cluster_colour(0)
    assert faded.rgb() != full.rgb() and faded.lightness() < full.lightness()
