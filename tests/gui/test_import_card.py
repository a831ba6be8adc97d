"""The import card (a tryout): it stayed on screen after the import was done, and its lines
coming and going (the analyser's note, the counts) moved the library's rows by ~38 px. It now
sits below the list, and a finished run's summary goes by itself unless files failed."""

from __future__ import annotations

import pytest

from engine.models import Track
from tests.gui.conftest import WAIT_MS, settle

pytestmark = pytest.mark.gui


def _first_row_y(window) -> int:
    table = window.library.table
    top = table.visualRect(table.model().index(0, 0)).topLeft()
    return table.viewport().mapTo(window, top).y()


def _library(desktop) -> None:
    window = desktop.window
    window.library_model.set_tracks(
        Track(f"t{i}", f"/music/{i}.flac", f"Song {i}", "Artist", "Album", duration=200.0)
        for i in range(40)
    )
    window.resize(1000, 700)
    window.sidebar.select("Library")
    settle()


def test_the_rows_stay_put_while_the_card_comes_changes_and_goes(desktop) -> None:
    _library(desktop)
    window = desktop.window
    panel = window.library.import_panel
    seen = {"before": _first_row_y(window)}
    steps = (
        ("start", panel.start),
        ("preparing", lambda: panel.progress("prepare", 0, 0)),
        ("analysing", lambda: panel.progress("analysis", 3, 40)),
        ("finished", lambda: panel.finish("imported 40 new, 0 updated; analysed 40")),
        ("closed", panel.close_button.click),
    )
    heights = set()
    for name, step in steps:
        step()
        settle()
        seen[name] = _first_row_y(window)
        heights.add(panel.height() if panel.isVisible() else 0)
    assert len(heights) >= 3  # the card did change height (note, counts, gone)
    assert set(seen.values()) == {seen["before"]}, seen


def test_a_finished_import_says_so_then_the_card_goes(qtbot, desktop) -> None:
    _library(desktop)
    panel = desktop.window.library.import_panel
    panel.linger.setInterval(50)  # the real timer, shortened
    panel.start()
    panel.progress("analysis", 40, 40)
    panel.finish("imported 40 new, 0 updated; analysed 40")
    assert panel.isVisible() and panel.stage.text().startswith("imported 40 new")
    qtbot.waitUntil(lambda: not panel.isVisible(), timeout=WAIT_MS)

    panel.start()  # a new run shows it again, and it stays while running
    assert panel.isVisible() and not panel.linger.isActive()


def test_a_run_with_failed_files_keeps_its_card_until_closed(desktop) -> None:
    _library(desktop)
    panel = desktop.window.library.import_panel
    panel.linger.setInterval(50)
    panel.start()
    panel.add_failures([("/music/broken.mp3", "not audio")])
    panel.finish("imported 39 new, 0 updated; analysed 39")
    assert not panel.linger.isActive()  # nothing will hide it
    assert panel.isVisible()
    panel.close_button.click()
    assert not panel.isVisible()
