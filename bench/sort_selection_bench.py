"""Sorting the library table with a selection: the selection follows its songs through the sort.

    python -m bench.sort_selection_bench [--tracks 100000] [--rounds 2]

The real main window, offscreen, on the synthetic library of bench/gui_bench.py (built once
under bench/out/). For each selection — everything (Ctrl+A), every other row (50 000 ranges
that a sort scatters), ten rows — a click on a column header is sent and timed until the table
is repainted; Title, Artist and Duration, ascending then descending. The selection is checked
after the sorts (the same songs, the current row on its song). Each column is sorted once
untimed first: its names' collation is computed once per library, selection or not. Printed:
wall and CPU time p50/p95/max per selection against the target (10–14 s before).
"""

from __future__ import annotations

import argparse
import os
import time

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QPoint, Qt
from PySide6.QtTest import QTest

from bench.gui_bench import open_in_this_process
from bench.library_window import open_library_window
from bench.measure import p50_p95_max
from desktop.models.library_columns import COL_ARTIST, COL_DURATION, COL_TITLE

TARGET_S = 0.5
COLUMNS = (COL_TITLE, COL_ARTIST, COL_DURATION)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tracks", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=2, help="times each column is clicked")
    args = parser.parse_args()
    open_in_this_process(args.tracks)
    run(args.rounds)


def run(rounds: int) -> None:
    app, desk = open_library_window((1280, 780))
    window = desk.window
    table, model = window.library.table, window.library_model
    header, selection = table.horizontalHeader(), table.selectionModel()
    rows = model.rowCount()
    last = model.columnCount() - 1

    def select_rows(chosen: list[int]) -> None:
        ranges = QItemSelection()
        for row in chosen:
            ranges.select(model.index(row, 0), model.index(row, last))
        selection.select(ranges, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def selected_ids() -> set[str]:
        return {model.track_id_at(i.row()) for i in selection.selectedRows()}

    for column in COLUMNS:  # each column's collation is computed once, not timed here
        model.sort(column, Qt.SortOrder.AscendingOrder)
    model.sort(-1)
    app.processEvents()
    cases = {
        "everything (Ctrl+A)": table.selectAll,
        "every other row": lambda: select_rows(list(range(0, rows, 2))),
        "ten rows": lambda: select_rows(list(range(0, rows, rows // 10))[:10]),
    }
    print(f"{rows} rows; cores: {os.cpu_count()}; load avg {os.getloadavg()[0]:.1f}")
    print(f"{'selection':30s} {'sorts':>5s} {'p50 s':>7s} {'p95 s':>7s} {'max s':>7s} target  ok")
    for name, select in cases.items():
        select()
        table.setCurrentIndex(model.index(rows // 3, 0))
        app.processEvents()
        want, current = selected_ids(), model.track_id_at(table.currentIndex().row())
        times: list[float] = []
        cpu_times: list[float] = []  # this process's CPU: what the load of others leaves out
        for _round in range(rounds):
            for column in COLUMNS:
                for _order in range(2):  # a second click on the same header reverses it
                    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
                    start, cpu = time.perf_counter(), time.process_time()
                    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
                    app.processEvents()  # the sorted table is painted
                    times.append(time.perf_counter() - start)
                    cpu_times.append(time.process_time() - cpu)
        # Checked after the timed sorts: reading every selected row is slow itself.
        if selected_ids() != want or model.track_id_at(table.currentIndex().row()) != current:
            raise SystemExit(f"{name}: the selection did not follow its songs")
        for kind, measured in (("wall", times), ("CPU", cpu_times)):
            p50, p95, worst = p50_p95_max(measured)
            ok = "yes" if worst <= TARGET_S else "NO"
            label = f"{name}, {kind}"
            print(
                f"{label:30s} {len(measured):5d} {p50:7.3f} {p95:7.3f} {worst:7.3f}"
                f" {TARGET_S:6.1f}  {ok}"
            )
    window.close()
    desk.close()


if __name__ == "__main__":
    main()
