"""What the focus-edge event filter (desktop/widgets/focus_visible.py) costs: it is a Python
filter on the whole application, so every event of every widget passes through it.

    python -m bench.event_filter_bench [--tracks 100000] [--frames 150] [--rounds 2]

The real main window, offscreen, on the synthetic library of bench/gui_bench.py (built once
under bench/out/). Three inputs, each followed by the event processing that paints its result
(one "frame"): scrolling the library table by the wheel, moving the mouse over it, typing into
the search field. Rounds alternate with and without the filter, so a change of machine load
falls on both. Printed: the filter's cost per event (the same cheap event sent a million times
with and without it), the events a frame brings, and the frame time p95 of each input both ways
against the budget: the filter may take at most 5 % of a 60 Hz frame.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from bench.gui_bench import open_in_this_process
from bench.library_window import open_library_window
from bench.measure import p50_p95_max

FRAME_MS = 1000 / 60
BUDGET_SHARE = 0.05  # of a frame, at most, for the filter
MICRO_EVENTS = 1_000_000
WORDS = ("midnight", "love", "gold river", "echo", "summer road")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tracks", type=int, default=100_000)
    parser.add_argument("--frames", type=int, default=150, help="frames per input and round")
    parser.add_argument("--rounds", type=int, default=2, help="with/without pairs")
    args = parser.parse_args()
    open_in_this_process(args.tracks)
    run(args.frames, args.rounds)


def run(frames: int, rounds: int) -> None:
    app, desk = open_library_window()
    window = desk.window
    table, search = window.library.table, window.library.search
    viewport = table.viewport()
    rows = window.library_model.rowCount()
    focus_filter = window.focus_visible

    def scroll(_i: int) -> None:
        # Down the table, three rows a notch as a mouse wheel does (100k rows: never the end).
        centre = QPointF(viewport.rect().center())
        wheel = QWheelEvent(
            centre,
            QPointF(viewport.mapToGlobal(centre.toPoint())),
            QPoint(),
            QPoint(0, -120),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(viewport, wheel)

    def hover(i: int) -> None:
        # Down the rows and back up, 7 px a move: a new row every few moves.
        height = max(viewport.height() - 2, 1)
        y = (i * 7) % (2 * height)
        QTest.mouseMove(viewport, QPoint(200 + i % 40, y if y < height else 2 * height - y))

    def type_key(i: int) -> None:
        text = " ".join(WORDS)
        at = i % (len(text) + 1)
        if at == len(text):
            search.clear()  # the whole library again: the slowest keystroke
        else:
            QTest.keyClick(search, text[at])

    inputs: dict[str, Callable[[int], None]] = {
        "scroll the table (wheel)": scroll,
        "move the mouse over it": hover,
        "type into the search": type_key,
    }

    class Counter(QObject):
        seen = 0

        def eventFilter(self, _watched: QObject, _event: QEvent) -> bool:  # Qt's name
            Counter.seen += 1
            return False

    def block(action: Callable[[int], None]) -> list[float]:
        """Frame times (ms) of ``frames`` inputs, from the same start each time."""
        search.clear()
        table.scrollToTop()
        search.setFocus()
        app.processEvents()
        Counter.seen = 0  # events of the inputs only, where a counter is installed
        ms = []
        for i in range(frames):
            start = time.perf_counter()
            action(i)
            app.processEvents()  # the layout and paint that the input asked for
            ms.append((time.perf_counter() - start) * 1000)
        return ms

    events_per_frame: dict[str, float] = {}
    counter = Counter()
    for name, action in inputs.items():
        app.installEventFilter(counter)
        block(action)
        app.removeEventFilter(counter)
        events_per_frame[name] = Counter.seen / frames

    times: dict[tuple[str, bool], list[float]] = {}
    for _ in range(rounds):
        for filtered in (True, False):
            if filtered:
                app.installEventFilter(focus_filter)
            else:
                app.removeEventFilter(focus_filter)
            for name, action in inputs.items():
                times.setdefault((name, filtered), []).extend(block(action))
    app.installEventFilter(focus_filter)  # as the app runs
    per_event_us = _per_event_us(app, focus_filter)

    load = os.getloadavg()
    print(f"rows in table: {rows}; frames per input: {frames * rounds} each way; ", end="")
    print(f"cores: {os.cpu_count()}; load avg {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    budget_ms = BUDGET_SHARE * FRAME_MS
    print(f"filter cost per event: {per_event_us:.2f} µs ({MICRO_EVENTS:,} events each way)")
    print(f"{'input':26s} {'events':>7s} {'filter':>9s} {'p95 with':>9s} {'p95 w/o':>9s}  ok")
    for name in inputs:
        cost_ms = events_per_frame[name] * per_event_us / 1000
        with_p95 = p50_p95_max(times[(name, True)])[1]
        without_p95 = p50_p95_max(times[(name, False)])[1]
        ok = "yes" if cost_ms <= budget_ms else "NO"
        print(
            f"{name:26s} {events_per_frame[name]:7.1f} {cost_ms:6.3f} ms "
            f"{with_p95:6.2f} ms {without_p95:6.2f} ms  {ok}"
        )
    print(
        f"budget: the filter's share of a frame ≤ {budget_ms:.2f} ms "
        f"({BUDGET_SHARE:.0%} of {FRAME_MS:.1f} ms); frame p95 both ways for reference"
    )
    window.close()
    desk.close()


def _per_event_us(app: QApplication, focus_filter: QObject) -> float:
    """Microseconds the filter adds to one event: the same user event sent to a plain object a
    million times with the filter and without it, best of three each."""
    target, event = QObject(), QEvent(QEvent.Type.User)

    def send_all() -> float:
        send = QCoreApplication.sendEvent
        start = time.perf_counter()
        for _ in range(MICRO_EVENTS):
            send(target, event)
        return time.perf_counter() - start

    with_s = min(send_all() for _ in range(3))
    app.removeEventFilter(focus_filter)
    without_s = min(send_all() for _ in range(3))
    app.installEventFilter(focus_filter)
    return max(with_s - without_s, 0.0) / MICRO_EVENTS * 1e6


if __name__ == "__main__":
    main()
