"""Library columns: Title keeps priority and every column is resizable; number columns take
their content width, hidden columns show when asked, and a sort arrow gets its room; sorting a
full table leaves no gap."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray, Qt
from PySide6.QtWidgets import QHeaderView, QTableView

from desktop.models.library_columns import (
    COL_ANALYSED,
    COL_ARTIST,
    COL_DURATION,
    COL_GENRE,
    COL_PLAYS,
    COL_TITLE,
)
from desktop.models.library_model import LibraryModel
from desktop.views.library import CONTENT_SIZED, DEFAULT_WIDTHS, HIDDEN_AT_FIRST
from desktop.widgets.column_fit import TITLE_SHARE, FittedHeader
from engine.models import Track
from tests.gui.conftest import settle

pytestmark = pytest.mark.gui


def test_title_takes_the_room_and_every_column_is_resizable(qtbot) -> None:
    table = QTableView()
    header = FittedHeader(COL_TITLE, DEFAULT_WIDTHS, table)
    table.setHorizontalHeader(header)
    table.setModel(LibraryModel(table))
    header.apply_defaults()
    qtbot.addWidget(table)
    table.resize(1000, 400)
    table.show()
    settle()
    modes = {header.sectionResizeMode(c) for c in range(header.count())}
    assert modes == {QHeaderView.ResizeMode.Interactive}
    sizes = [header.sectionSize(c) for c in range(header.count())]
    assert sizes[COL_TITLE] == max(sizes)
    assert sum(sizes) == header.width()  # no gap, no scrollbar

    header.resizeSection(COL_ARTIST, sizes[COL_ARTIST] + 40)  # as a drag does
    after = [header.sectionSize(c) for c in range(header.count())]
    assert after[COL_ARTIST] == sizes[COL_ARTIST] + 40
    assert after[COL_TITLE] == sizes[COL_TITLE] - 40  # Title gave the room
    assert sum(after) == header.width()

    header.resizeSection(COL_ARTIST, 2000)  # wider than the table: Title keeps its share
    assert header.sectionSize(COL_TITLE) >= TITLE_SHARE * header.width() - 1
    table.resize(1400, 400)  # wider: still no column narrower than its header
    settle()
    assert all(header.sectionSize(c) >= header.needed(c) for c in range(header.count()))


def _library_table(qtbot, state: QByteArray | None = None) -> tuple[QTableView, FittedHeader]:
    table = QTableView()
    header = FittedHeader(
        COL_TITLE, DEFAULT_WIDTHS, table, content_sized=CONTENT_SIZED, hidden=HIDDEN_AT_FIRST
    )
    table.setHorizontalHeader(header)
    table.setModel(LibraryModel(table))
    table.setSortingEnabled(True)
    table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    header.apply_defaults()
    if state is not None:
        assert header.restore(state)
    qtbot.addWidget(table)
    table.resize(764, 400)  # the table's width in a 1280 x 800 window
    table.show()
    settle()
    return table, header


def test_numbers_take_their_content_width_and_analysed_shows_when_asked(qtbot) -> None:
    _table, header = _library_table(qtbot)
    assert header.isSectionHidden(COL_ANALYSED)
    for column in (COL_DURATION, COL_PLAYS):  # no more than header text or cells need
        assert header.sectionSize(column) == header.content_width(column)
    sizes = [header.sectionSize(c) for c in range(header.count())]
    assert sizes[COL_TITLE] == max(sizes) and sum(sizes) == header.width()

    menu = header.column_menu()
    entries = {a.text(): a for a in menu.actions()}
    assert set(entries) == {"Artist", "Album", "Genre", "Duration", "Plays", "Analysed"}
    assert not entries["Analysed"].isChecked() and entries["Plays"].isChecked()
    entries["Analysed"].trigger()
    settle()
    assert not header.isSectionHidden(COL_ANALYSED)
    assert header.sectionSize(COL_ANALYSED) >= header.needed(COL_ANALYSED)
    entries["Genre"].trigger()
    settle()
    assert header.isSectionHidden(COL_GENRE)

    _again, restored = _library_table(qtbot, header.saved_state())  # the next run
    assert not restored.isSectionHidden(COL_ANALYSED) and restored.isSectionHidden(COL_GENRE)


def test_sorting_by_a_column_makes_room_for_its_arrow(qtbot) -> None:
    table, header = _library_table(qtbot)
    before = header.sectionSize(COL_DURATION)
    table.sortByColumn(COL_DURATION, Qt.SortOrder.AscendingOrder)
    settle()
    assert header.sectionSize(COL_DURATION) > before
    assert header.sectionSize(COL_DURATION) == header.needed(COL_DURATION)


def test_sorting_a_full_table_leaves_no_gap_and_title_keeps_its_width(qtbot) -> None:
    # The model's layout change makes Qt show the hidden Analysed column at its old width for
    # a moment: taken for the user's resize, it squeezed Title and left a strip empty.
    table, header = _library_table(qtbot)
    songs = [
        Track(f"t{i}", f"/music/{i}.ogg", f"Song {i}", f"Artist {i % 7}", f"Album {i % 5}",
              genre="soundtrack", duration=30.0)
        for i in range(77)
    ]  # fmt: skip
    table.model().set_tracks(songs)  # more rows than fit: the vertical scrollbar shows
    settle()
    title = header.sectionSize(COL_TITLE)
    for column in (COL_ARTIST, COL_GENRE):
        table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
        settle()
        sizes = [header.sectionSize(c) for c in range(header.count())]
        assert sum(sizes) == header.width()  # no empty strip right of the last column
        assert header.isSectionHidden(COL_ANALYSED)
        assert sizes[COL_TITLE] >= title - 24  # at most the sort arrow's room
