"""The pane's two-line note ("Not analysed yet: similar songs appear here as soon as it is.")
has its two lines' height the moment it is set: after a song change it was painted one line
high, cut through the middle, until the layout's next pass gave it its second line."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.models import Track
from tests.gui.conftest import WAIT_MS, settle, write_tone

pytestmark = pytest.mark.gui


def test_the_not_analysed_note_is_laid_out_when_it_is_set(
    qtbot, desktop, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    window = desktop.window
    window.resize(1100, 700)
    settle()
    pane = window.recommendations
    track = Track("new", str(write_tone(tmp_path / "new.wav", seconds=5.0)), "New", "Synth")
    desktop.ctx.store.upsert_tracks([track])  # imported, not analysed yet

    # The height when the recommendation's failure has been shown, before Qt runs anything
    # else (a paint may come first: it did under X).
    heights: list[tuple[str, int, int]] = []
    shown = pane._show_error

    def spy(error: BaseException) -> None:
        shown(error)
        status = pane.status
        heights.append((status.text(), status.height(), status.heightForWidth(status.width())))

    monkeypatch.setattr(pane, "_show_error", spy)
    window.controller.play_tracks([track])
    qtbot.waitUntil(lambda: bool(heights), timeout=WAIT_MS)
    text, height, needed = heights[0]
    assert text.startswith("Not analysed yet")
    assert needed > pane.status.fontMetrics().lineSpacing()  # it does need two lines here
    assert height >= needed
