"""The context opens the event outbox once, however many threads ask for it at the same time
(the desktop's Home and Mixes jobs both read popularity as the window opens)."""

from __future__ import annotations

import threading

from engine.context import build_context


def test_threads_asking_at_once_share_one_event_runtime() -> None:
    with build_context() as ctx:
        start = threading.Barrier(8)
        seen: list[object] = []
        errors: list[BaseException] = []

        def ask() -> None:
            start.wait()
            try:
                seen.append(ctx.event_log)
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=ask) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert len(seen) == 8 and all(log is seen[0] for log in seen)
