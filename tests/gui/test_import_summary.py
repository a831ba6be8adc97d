"""A finished import's summary is read whole: in an 800-px window it wraps rather than end
in "…0 already …", and a new run's stage line elides again (the panel keeps its height)."""

from __future__ import annotations

import pytest

from tests.gui.conftest import settle

pytestmark = pytest.mark.gui

SUMMARY = (
    "imported 77 new, 0 updated; analysed 77, failed 0, 0 already analysed; "
    "recommendations for 77 tracks"
)


def test_the_summary_wraps_whole_at_800_px_and_the_next_stage_elides(desktop) -> None:
    window = desktop.window
    window.resize(800, 600)
    window.sidebar.select("Library")
    panel = window.library.import_panel
    panel.start()
    panel.finish(SUMMARY)
    settle()
    width = window.width()
    assert panel.stage.shown_text() == SUMMARY
    assert not panel.stage.is_elided()
    lines = panel.stage.height() // panel.stage.fontMetrics().lineSpacing()
    assert lines >= 2, (panel.stage.width(), panel.stage.height())
    assert window.width() == width

    panel.start()
    panel.progress("analysing", 3, 77)
    settle()
    assert not panel.stage.wordWrap()
    assert panel.stage.height() < 2 * panel.stage.fontMetrics().lineSpacing()
