"""Up next (the recommendations pane) is wide enough for its reasons at 1280 x 800 — 30 % of
the space beside the sidebar, at least 320 px — the user's own splitter sizes come back
instead, and a reason the pane still cuts shows whole (as plain text) in the row's tooltip."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QTextDocument

from engine.models import Recommendation, Track
from engine.phrases import Phrase
from tests.gui.conftest import settle

pytestmark = pytest.mark.gui


def test_up_next_takes_a_share_of_the_window_until_the_user_moves_it(
    build, encore_home: Path
) -> None:
    first = build((1280, 800))
    window = first.window
    pages, pane = window.split.sizes()
    assert window.recommendations.width() == pane
    assert pane >= 320
    assert pane == pytest.approx(0.3 * (pages + pane), abs=4)
    window.resize(1600, 1000)
    settle()
    pages, pane = window.split.sizes()
    assert pane == pytest.approx(0.3 * (pages + pane), abs=4)  # the share holds as it grows

    window.resize(1280, 800)
    settle()
    window.split.setSizes([900, 196])  # the user drags the handle
    moved = window.split.sizes()
    window.state_saver.save_now()
    second = build((1280, 800))
    assert second.window.split.sizes() == moved


def test_a_cut_reason_shows_whole_and_plain_in_the_tooltip(build, encore_home: Path) -> None:
    pane = build((1280, 800)).window.recommendations
    reason = "sounds like <b>it</b>: " + "the same bright, percussive and steady groove " * 3
    song = Track("s1", "/m/s1.ogg", "A song with a long title", "Ann", "First album")
    pane._show([Recommendation(song, 0.9, Phrase("stored", (("text", reason),)))])
    item = pane.list.item(0)
    assert pane.list.fontMetrics().horizontalAdvance(reason) > pane.list.viewport().width()
    doc = QTextDocument()
    doc.setHtml(item.toolTip())  # what QToolTip shows: the text, never its markup
    assert f"First album · {reason.strip()}" in doc.toPlainText()
    assert "/m/s1.ogg" in doc.toPlainText()
