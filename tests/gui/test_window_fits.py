"""The window keeps its size: long texts (summaries, Because titles, mix names) wrap or elide
instead of widening it, no page asks for more than a small screen, the now-playing bar keeps
its height and every playlist button shows at the default size."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea

from desktop.services import HomeData
from engine.models import Track
from engine.phrases import Phrase
from engine.recommend.popular import Mix
from tests.gui.conftest import settle

pytestmark = pytest.mark.gui


def test_a_long_summary_wraps_or_elides_and_never_widens_the_window(desktop) -> None:
    window = desktop.window
    window.sidebar.select("Library")
    settle()
    width = window.width()
    panel = window.library.import_panel
    summary = "imported 77 new; " + "1540 neighbours written in 84.6 s " * 15
    summary = summary[:500]
    panel.start()
    panel.finish(summary)
    window.statusBar().showMessage(summary)
    window.show_output_problem(summary)
    window.recommendations.seed_title.setText(summary)
    settle()
    assert window.width() == width
    assert window.minimumSizeHint().width() <= width
    # The import's summary wraps, all of it shown (test_import_summary.py); the other
    # texts elide.
    assert panel.stage.shown_text() == summary
    assert window.recommendations.seed_title.text() == summary


def test_no_page_sets_a_window_minimum_wider_than_a_small_screen(desktop) -> None:
    """Every page scrolls or elides: the window fits a 1024-px screen with room to spare."""
    window = desktop.window
    wide = {
        type(window.pages.widget(i)).__name__: window.pages.widget(i).minimumSizeHint().width()
        for i in range(window.pages.count())
    }
    assert window.minimumSizeHint().width() <= 800, wide


def test_long_because_titles_elide_and_home_never_scrolls_sideways(desktop) -> None:
    window = desktop.window
    window.sidebar.select("Home")
    width = window.width()
    title = "Because you liked" + " K. Quita's Background Music" * 3
    home = window.home
    home.show_data(HomeData(has_history=True, because=[(title, [])] * 3))
    settle()
    scroll = home.findChild(QScrollArea)
    assert window.width() == width
    assert not scroll.horizontalScrollBar().isVisible()
    shown = [label for label in home.because_titles if not label.isHidden()]
    assert len(shown) == 3
    for label in shown:
        assert label.text() == title and label.shown_text().endswith("…")
        assert label.toolTip()


def test_the_now_playing_bar_keeps_its_height_when_radio_starts_and_stops(desktop) -> None:
    window = desktop.window
    bar = window.now_playing
    settle()
    height, page_height = bar.height(), window.pages.height()
    bar.show_radio(Track("s1", "/m/s1.ogg", "A seed song", "Ann", "First"))
    settle()
    assert not bar.radio_chip.isHidden()
    assert (bar.height(), window.pages.height()) == (height, page_height)
    bar.show_radio(None)
    settle()
    assert bar.radio_chip.isHidden()
    assert (bar.height(), window.pages.height()) == (height, page_height)


def test_every_playlist_button_shows_at_the_default_size(desktop) -> None:
    window = desktop.window
    window.resize(1280, 800)
    window.sidebar.select("Playlists")
    settle()
    view = window.playlists.view
    buttons = (view.new_button, view.rename_button, view.delete_button)
    buttons += (view.import_button, view.export_button, view.play_button, view.remove_button)
    # A tool bar hides what does not fit behind its » button: M3U import/export were there.
    assert [b.accessibleName() for b in buttons if not b.isVisible()] == []


def test_long_mix_names_elide_with_the_full_text_in_a_tooltip(desktop, wait_jobs) -> None:
    window = desktop.window
    window.resize(1280, 800)
    window.sidebar.select("Mixes")
    wait_jobs(desktop)  # the page's own read of the (empty) store lands before these mixes
    width = window.width()
    name = "Romantic Classical · Calm · Steady · " + "Very Long Genre Name " * 4
    song = Track("s1", "/m/s1.ogg", "A song with a rather long title indeed", "Ann", "First")
    mixes = window.mixes
    mix = Mix(0, Phrase("stored", (("text", name.strip()),)), 20, (song,))  # names are phrases
    mixes.show_mixes([(mix, [song, song, song])])
    mixes.show_mix_tracks(mix, [song])
    settle()
    listing = mixes.mix_list
    assert not listing.horizontalScrollBar().isVisible()  # the row elides instead
    assert listing.textElideMode() == Qt.TextElideMode.ElideRight
    assert name.strip() in listing.item(0).toolTip()  # what the elided row cut, in full
    assert mixes.mix_title.shown_text().endswith("…")
    assert window.width() == width
