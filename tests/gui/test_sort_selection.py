"""The library table's selection through a sort (desktop/views/sort_selection.py): the same
songs stay selected, in as few ranges as their new rows allow, and neither the sort nor the
paint after it walks every selected cell through the model's flags() — the walk that made a
sort with 100k rows selected take 10–14 s (bench/sort_selection_bench.py measures it)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, QPoint, Qt
from PySide6.QtTest import QTest

from desktop.models.library_columns import COL_ARTIST, COL_DURATION, COL_TITLE
from desktop.models.library_model import LibraryModel
from desktop.views.library import LibraryView
from desktop.views.sort_selection import row_runs, selected_rows
from engine.models import Track
from tests.gui.conftest import settle

pytestmark = pytest.mark.gui
ROWS = 3000


class CountingModel(LibraryModel):
    """The library model, counting the flags() Qt asks of it."""

    asked = 0

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        self.asked += 1
        return super().flags(index)


@pytest.fixture
def view(qtbot, desktop) -> LibraryView:
    model = CountingModel()
    model.set_tracks(  # titles, artists and lengths each in another order than the rows
        Track(
            f"id{i:05d}",
            f"/m/{i}.ogg",
            f"t{(i * 7919) % ROWS:05d}",
            f"a{i % 37:02d}",
            "Album",
            duration=float((i * 31) % 500),
        )
        for i in range(ROWS)
    )
    view = LibraryView(model, desktop.window.controller)
    qtbot.addWidget(view)
    view.resize(900, 500)
    view.show()
    settle()
    return view


def _click_header(view: LibraryView, column: int) -> None:
    header = view.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    settle()  # the sorted table and its header are painted


def _selected_ids(view: LibraryView) -> set[str]:
    rows = view.table.selectionModel().selectedRows()
    return {view.model.track_id_at(i.row()) for i in rows}


def test_scattered_selected_songs_follow_a_sort_without_a_walk_over_every_cell(view) -> None:
    model, table = view.model, view.table
    last = model.columnCount() - 1
    every_other = QItemSelection()
    for row in range(0, ROWS, 2):
        every_other.select(model.index(row, 0), model.index(row, last))
    table.selectionModel().select(every_other, QItemSelectionModel.SelectionFlag.Select)
    table.setCurrentIndex(model.index(ROWS // 3, 0))
    settle()
    want, current = _selected_ids(view), model.track_id_at(table.currentIndex().row())
    for column in (COL_TITLE, COL_ARTIST, COL_DURATION, COL_DURATION):  # the last: descending
        model.asked = 0
        _click_header(view, column)
        # Before: every selected cell at the sort and again at the header's paint (>> rows).
        assert model.asked < ROWS // 2, column
        assert _selected_ids(view) == want
        assert model.track_id_at(table.currentIndex().row()) == current
        rows = np.asarray(sorted(i.row() for i in table.selectionModel().selectedRows()))
        assert table.selectionModel().selection().size() == len(row_runs(rows))


def test_everything_selected_stays_one_range_through_sorts(view) -> None:
    view.table.selectAll()
    settle()
    for column in (COL_ARTIST, COL_TITLE):
        view.model.asked = 0
        _click_header(view, column)
        assert view.model.asked < ROWS // 2
        selection = view.table.selectionModel().selection()
        assert selection.size() == 1 and selection[0].height() == ROWS


def test_rows_and_runs_of_a_selection() -> None:
    assert row_runs(np.asarray([], dtype=np.int64)) == []
    assert row_runs(np.asarray([0, 1, 2, 5, 7, 8])) == [(0, 2), (5, 5), (7, 8)]
    model = LibraryModel()
    model.set_tracks(Track(f"id{i}", f"/m/{i}.ogg", f"t{i}", "a", "b") for i in range(9))
    ranges = QItemSelection()
    ranges.select(model.index(5, 0), model.index(7, 0))
    ranges.select(model.index(1, 0), model.index(2, 3))
    ranges.select(model.index(6, 0), model.index(6, 0))  # overlapping: each row once
    assert selected_rows(ranges).tolist() == [1, 2, 5, 6, 7]
