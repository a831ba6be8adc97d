"""The library table's selection follows its songs through a sort, in one pass, and costs no
walk over every selected row at each paint.

Qt's selection model would keep a persistent index for every selected cell and merge them
back one by one (10 s for 100k selected rows). Instead, before the model moves its rows
(:attr:`LibraryModel.reordering`) the selected rows are read off the selection's ranges and the
selection is cleared without signals; once sorted (:attr:`LibraryModel.reordered`) the rows'
new places are sorted and each run of consecutive rows becomes one range of a single
``select()`` call: everything selected is one range again.

The column header shows no selection (``setHighlightSections(False)``), yet Qt's header asks
``isColumnSelected()`` of each column at its first paint after a selection change, which calls
the model's ``flags()`` for every selected row (seconds at 100k rows, after Ctrl+A too): the
header is given a selection model of its own, which never holds anything.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QItemSelection, QItemSelectionModel, QObject, QSignalBlocker
from PySide6.QtWidgets import QTableView

from desktop.models.library_model import LibraryModel


def selected_rows(selection: QItemSelection) -> np.ndarray:
    """The rows of ``selection``'s ranges, each once, in order."""
    parts = [np.arange(r.top(), r.bottom() + 1, dtype=np.int64) for r in selection]
    return np.unique(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)


def row_runs(rows: np.ndarray) -> list[tuple[int, int]]:
    """``(first, last)`` of each run of consecutive rows in sorted, distinct ``rows``."""
    if rows.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(rows) != 1)
    firsts = np.concatenate(([rows[0]], rows[breaks + 1]))
    lasts = np.concatenate((rows[breaks], [rows[-1]]))
    return list(zip(firsts.tolist(), lasts.tolist(), strict=True))


class SortKeepsSelection(QObject):
    def __init__(self, table: QTableView, model: LibraryModel) -> None:
        super().__init__(table)
        self._table, self._model = table, model
        self._rows = np.zeros(0, dtype=np.int64)  # selected before the sort
        # After setModel(), which hands the view's selection model to its headers.
        table.horizontalHeader().setSelectionModel(QItemSelectionModel(model, table))
        model.reordering.connect(self._take)
        model.reordered.connect(self._put_back)

    def _take(self) -> None:
        selection = self._table.selectionModel()
        self._rows = selected_rows(selection.selection())
        if self._rows.size:
            with QSignalBlocker(selection):  # the sort's layoutChanged repaints the table
                selection.clearSelection()

    def _put_back(self, new_row_of: np.ndarray) -> None:
        if not self._rows.size:
            return
        rows = np.sort(new_row_of[self._rows])
        self._rows = np.zeros(0, dtype=np.int64)
        model, last = self._model, self._model.columnCount() - 1
        chosen = QItemSelection()
        for first, end in row_runs(rows[rows >= 0]):
            chosen.select(model.index(first, 0), model.index(end, last))
        # Whole rows already: the Rows flag would merge each range into the others (n²), and
        # selectionChanged would make the view add each range to a region (n² again) for a
        # table the layout change repaints anyway. Nothing else listens to it.
        selection = self._table.selectionModel()
        with QSignalBlocker(selection):
            selection.select(chosen, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self._table.viewport().update()
