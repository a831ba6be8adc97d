"""Home in a narrow window: the "Because you played …" lists stack rather than shrink to
~100 px each ("trac…") beside Up next, and sit side by side again when the window widens."""

from __future__ import annotations

import pytest

from desktop.services import HomeData
from desktop.views.home import BECAUSE_MIN_WIDTH
from engine.models import Recommendation, Track
from engine.phrases import phrase
from tests.gui.conftest import settle

pytestmark = pytest.mark.gui


def _fill(window) -> None:
    songs = [Track(f"t{i}", f"/m/{i}.ogg", f"Song {i}", "Artist", "Album") for i in range(4)]
    picks = [Recommendation(t, 0.5, phrase("close_to_loved", title="Song 1")) for t in songs]
    window.home.show_data(
        HomeData(
            has_history=True,
            popular=[(t, 3.0) for t in songs],
            recent=songs,
            because=[(f"Because you played Song {i}", picks) for i in range(3)],
        )
    )


def test_because_lists_stack_at_800_px_and_go_side_by_side_when_wide(desktop) -> None:
    window = desktop.window
    window.resize(800, 600)
    _fill(window)
    window.sidebar.select("Home")
    settle()
    lists = window.home.because
    assert all(w.isVisible() for w in lists)
    widths = [w.width() for w in lists]
    assert min(widths) >= BECAUSE_MIN_WIDTH, widths
    assert window.home.because_box.per_row() < 3

    window.resize(1900, 900)
    settle()
    assert window.home.because_box.per_row() == 3
    tops = {w.mapTo(window.home.because_box, w.rect().topLeft()).y() for w in lists}
    assert len(tops) == 1, tops
