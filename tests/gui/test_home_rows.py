"""Home at the window's default size with everything filled: Popular and Recently played show
a few whole songs, like the other lists, instead of being squeezed to one and a half rows."""

from __future__ import annotations

import pytest

from desktop.services import HomeData
from engine.models import Recommendation, Track
from engine.phrases import phrase
from engine.recommend.personal import YourMix
from engine.recommend.popular import Mix
from tests.gui.conftest import settle

pytestmark = pytest.mark.gui


def test_popular_and_recent_show_three_songs_when_home_is_full(desktop) -> None:
    window = desktop.window
    window.resize(1280, 780)  # the window's default size
    songs = [Track(f"t{i}", f"/m/{i}.ogg", f"Song {i}", "Artist", "Album") for i in range(8)]
    mixes = [(Mix(c, phrase("mix", number=c + 1), 4, ()), songs[:3]) for c in range(3)]
    picks = [Recommendation(t, 0.5, phrase("close_to_loved", title="Song 1")) for t in songs]
    window.home.show_data(
        HomeData(
            has_history=True,
            popular=[(t, 3.0) for t in songs],
            recent=songs,
            mixes=mixes,
            for_you=picks,
            because=[(f"Because you played Song {i}", picks) for i in range(3)],
            your_mixes=[YourMix(phrase("your_mix", number=i), tuple(songs)) for i in range(3)],
            popular_notes=["3 plays"] * 8,
            recent_notes=["1 play · 2 h ago"] * 8,
        )
    )
    window.sidebar.select("Home")
    settle()
    for widget in (window.home.popular, window.home.recent):
        assert widget.isVisible()
        shown = widget.viewport().height()
        assert shown >= 3 * widget.sizeHintForRow(0), (shown, widget.sizeHintForRow(0))
