"""Home in a narrow window: the "Because you played …" lists stack rather than shrink to
~100 px each ("trac…") beside Up next, and sit side by side again when the window widens; a
heading wraps onto a second line to name its song, and only then ends in "…" with the whole
title in a plain-text tooltip."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

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


def _because(window, titles: list[str]) -> None:
    songs = [Track(f"t{i}", f"/m/{i}.ogg", f"Song {i}", "Artist", "Album") for i in range(4)]
    picks = [Recommendation(t, 0.5, phrase("close_to_loved", title="Song 1")) for t in songs]
    window.home.show_data(
        HomeData(has_history=True, recent=songs, because=[(t, picks) for t in titles])
    )


def test_a_because_heading_wraps_to_show_the_song_in_a_narrow_column(desktop) -> None:
    window = desktop.window
    window.resize(800, 600)
    window.sidebar.select("Home")
    _because(window, ["Because you played"])
    settle()
    heading, songs = window.home.because_titles[0], window.home.because[0]
    # A song title that takes about one and a half lines of the column, whatever the font.
    title, words = "Because you played", iter(("Another", "Brick", "in", "the", "Wall") * 20)
    while heading.fontMetrics().horizontalAdvance(title) < 1.4 * heading.contentsRect().width():
        title += " " + next(words)
    _because(window, [title])
    settle()
    shown = heading.shown_text()
    # One line showed "Because you played Another …" (the try-out's "An…").
    assert "…" not in shown and shown.replace("\n", " ") == title and "\n" in shown
    assert not heading.is_elided() and heading.toolTip() == ""
    assert heading.height() >= 2 * heading.fontMetrics().lineSpacing()
    assert heading.geometry().bottom() < songs.geometry().top()  # the list sits below it


def test_a_heading_too_long_for_two_lines_ends_in_an_ellipsis_with_a_plain_tooltip(
    desktop,
) -> None:
    window = desktop.window
    window.resize(800, 600)
    window.sidebar.select("Home")
    title = "Because you played <b>" + " The Longest Song Title Anyone Ever Wrote" * 3
    _because(window, [title])
    settle()
    heading = window.home.because_titles[0]
    lines = heading.shown_text().split("\n")
    assert len(lines) == 2 and lines[1].endswith("…")
    assert heading.is_elided()
    assert heading.textFormat() == Qt.TextFormat.PlainText
    assert "&lt;b&gt;" in heading.toolTip()  # the whole title, shown literally
