"""The shared progress reporter: callback counts, cancellation, bar only on a TTY."""

from __future__ import annotations

import io
import threading

from engine.progress import Progress


class _FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_callback_gets_every_count_when_unthrottled() -> None:
    seen: list[tuple[int, int]] = []
    with Progress(3, "x", callback=lambda d, t: seen.append((d, t)), min_interval=0) as p:
        for _ in range(3):
            p.advance()
    assert seen[:3] == [(1, 3), (2, 3), (3, 3)]
    assert seen[-1] == (3, 3)


def test_throttled_callback_still_reports_the_final_count() -> None:
    seen: list[tuple[int, int]] = []
    with Progress(1000, "x", callback=lambda d, t: seen.append((d, t)), min_interval=3600) as p:
        for _ in range(1000):
            p.advance()
    # The first step reports (nothing reported yet), then nothing until the total is reached.
    assert seen[0] == (1, 1000)
    assert seen[-1] == (1000, 1000)
    assert len(seen) <= 3


def test_set_total_reports_new_total() -> None:
    seen: list[tuple[int, int]] = []
    p = Progress(0, "scan", callback=lambda d, t: seen.append((d, t)), min_interval=0)
    p.set_total(5)
    p.advance(2)
    p.close()
    assert (0, 5) in seen
    assert seen[-1] == (2, 5)


def test_cancel_event_from_another_thread() -> None:
    event = threading.Event()
    p = Progress(10, "x", cancel=event)
    assert not p.cancelled
    worker = threading.Thread(target=event.set)
    worker.start()
    worker.join()
    assert p.cancelled
    p.close()


def test_no_bar_unless_tty() -> None:
    plain = io.StringIO()
    with Progress(2, "plain", stream=plain) as p:
        p.advance(2)
    assert plain.getvalue() == ""

    tty = _FakeTTY()
    with Progress(2, "tty", stream=tty) as p:
        p.advance(2)
    assert "tty" in tty.getvalue()


def test_callback_may_advance_without_deadlock() -> None:
    calls: list[int] = []
    holder: list[Progress] = []

    def callback(done: int, total: int) -> None:
        calls.append(done)
        if done == 1:
            holder[0].advance()

    p = Progress(4, "x", callback=callback, min_interval=0)
    holder.append(p)
    p.advance()
    p.close()
    assert calls[:2] == [1, 2]
