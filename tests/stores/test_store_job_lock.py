"""Store contract: one writer per job at a time; the next waits and is told who holds it."""

from __future__ import annotations

import os
import threading

from engine.stores.protocol import Store


def test_one_writer_per_job_the_next_waits_and_is_told_who_holds_it(store: Store) -> None:
    told, entered = threading.Event(), threading.Event()
    heard: list[str] = []

    def second() -> None:
        def on_wait(line: str) -> None:
            heard.append(line)
            told.set()

        with store.exclusive("import", on_wait):
            entered.set()

    with store.exclusive("import"):
        with store.exclusive("analyse"):  # another job is not serialised with this one
            pass
        thread = threading.Thread(target=second)
        thread.start()
        assert told.wait(30)
        assert not entered.is_set()
    assert entered.wait(30)
    thread.join()
    assert len(heard) == 1
    assert heard[0].startswith(f"another import of this library is running (PID {os.getpid()}")
