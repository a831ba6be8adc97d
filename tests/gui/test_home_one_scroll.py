"""Home scrolls as one page: each list (For you's dozen songs first) shows all its rows, with
no scroll bar of its own, and the wheel over a list scrolls the page — For you scrolled inside
the scrolling page and caught the wheel (a new user's tryout)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.services import HomeData
from engine.models import Recommendation, Track
from engine.phrases import phrase
from engine.recommend.personal import YourMix
from engine.recommend.popular import Mix
from tests.gui.conftest import settle

pytestmark = pytest.mark.gui


def _full_home() -> HomeData:
    songs = [Track(f"t{i}", f"/m/{i}.ogg", f"Song {i}", "Artist", "Album") for i in range(12)]
    picks = [Recommendation(t, 0.5, phrase("close_to_loved", title="Song 1")) for t in songs]
    return HomeData(
        has_history=True,
        popular=[(t, 3.0) for t in songs[:8]],
        recent=songs[:8],
        mixes=[(Mix(c, phrase("mix", number=c + 1), 4, ()), songs[:3]) for c in range(6)],
        for_you=picks,
        because=[(f"Because you played Song {i}", picks[:8]) for i in range(3)],
        your_mixes=[YourMix(phrase("your_mix", number=i), tuple(songs)) for i in range(2)],
        popular_notes=["3 plays"] * 8,
        recent_notes=["1 play · 2 h ago"] * 8,
    )


def _wheel_down(widget) -> None:
    """One notch down over ``widget``, as the window system delivers it (a wheel event sent
    to a widget directly never passes on to its parents)."""
    window = widget.window()
    at = widget.mapTo(window, widget.rect().center())
    QTest.wheelEvent(window.windowHandle(), QPointF(at), QPoint(0, -120))
    QApplication.processEvents()


def test_home_lists_show_every_row_and_the_wheel_scrolls_the_page(desktop) -> None:
    window = desktop.window
    window.resize(1366, 768)
    home = window.home
    home.show_data(_full_home())
    window.sidebar.select("Home")
    settle()
    lists = [home.for_you, home.popular, home.recent, *home.because, home.your_mixes, home.mixes]
    for widget in lists:
        assert widget.isVisible()
        rows = sum(widget.sizeHintForRow(i) for i in range(widget.count()))
        assert widget.verticalScrollBar().maximum() == 0, widget.accessibleName()
        assert widget.viewport().height() >= rows, (widget.accessibleName(), rows)

    page = home.scroll.verticalScrollBar()
    assert page.maximum() > 0  # a full Home is taller than the window: the page scrolls
    assert home.for_you.count() == 12
    _wheel_down(home.for_you.viewport())
    assert page.value() > 0  # the page moved, not the list under the pointer
    assert home.for_you.verticalScrollBar().value() == 0


def test_a_short_home_keeps_its_lists_together_at_the_top(desktop) -> None:
    window = desktop.window
    window.resize(1366, 768)
    full = _full_home()
    home = window.home
    home.show_data(
        HomeData(
            has_history=True,
            for_you=full.for_you[:3],
            popular=full.popular[:2],
            recent=full.recent[:2],
            mixes=full.mixes[:1],
        )
    )
    window.sidebar.select("Home")
    settle()
    assert home.scroll.verticalScrollBar().maximum() == 0
    # The room a short Home leaves is below its last list, not spread between the sections.
    gap = home.mixes_title.geometry().top() - home.columns_box.geometry().bottom()
    assert gap <= 2 * home.columns_box.parentWidget().layout().spacing(), gap
    assert home.mixes.geometry().bottom() < home.scroll.viewport().height() // 2
