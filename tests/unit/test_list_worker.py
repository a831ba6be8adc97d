"""The background worker that asks for served lists (engine/recommend/list_worker.py): each
list once, off the caller's thread, and a close that gives up what is still queued."""

from __future__ import annotations

import threading
from collections.abc import Sequence

from engine.models import Recommendation, Track
from engine.phrases import NO_REASON
from engine.recommend.list_worker import ListWorker
from engine.recommend.votes import ServedLists


class HeldLists:
    """``recommend(track_id, k)``: one song listed after each, ``hold``'s song held up."""

    def __init__(self, hold: str) -> None:
        self.hold = hold
        self.asked: list[tuple[str, threading.Thread]] = []
        self.holding, self.release = threading.Event(), threading.Event()

    def __call__(self, track_id: str, k: int) -> Sequence[Recommendation]:
        self.asked.append((track_id, threading.current_thread()))
        if track_id == self.hold:
            self.holding.set()
            self.release.wait()
        track = Track(f"after-{track_id}", f"/m/{track_id}.ogg", track_id, duration=60.0)
        return [Recommendation(track, 0.5, NO_REASON)]


def test_each_list_is_asked_once_on_the_workers_thread() -> None:
    lists = HeldLists(hold="a")
    served = ServedLists(lists)
    worker = ListWorker()
    try:
        worker.ask(served, ["a", "b"])
        assert lists.holding.wait(timeout=60)
        worker.ask(served, ["a", "b", "a"])  # on their way: not queued again
        assert served.of("a") == ()  # being asked for: votes for nobody, without waiting
        lists.release.set()
        worker.wait()
        worker.ask(served, ["a", "b"])  # kept: not asked again
        worker.wait()
        assert [t for t, _ in lists.asked] == ["a", "b"]
        assert all(thread is not threading.current_thread() for _, thread in lists.asked)
        assert served.held("a") == ("after-a",) and served.held("b") == ("after-b",)
    finally:
        lists.release.set()
        worker.close()


def test_close_finishes_the_list_in_hand_and_gives_up_the_queued_ones() -> None:
    lists = HeldLists(hold="a")
    served = ServedLists(lists)
    worker = ListWorker()
    worker.ask(served, ["a", "b"])
    assert lists.holding.wait(timeout=60)
    # The list in hand comes once close has marked the worker closed (it then queues its stop).
    queue_put = worker._queue.put

    def put(item: object) -> None:
        if item is None:
            lists.release.set()
        queue_put(item)  # type: ignore[arg-type]

    worker._queue.put = put  # type: ignore[method-assign]
    worker.close()
    assert [t for t, _ in lists.asked] == ["a"]
    assert served.held("a") == ("after-a",) and served.held("b") is None
    # Given up, not left claimed: a question asks for it itself; a closed worker takes no more.
    worker.ask(served, ["c"])
    assert served.of("b") == ("after-b",) and served.held("c") is None
    worker.close()  # twice is harmless
