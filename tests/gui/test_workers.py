"""The worker pool: a job cancelled while still queued leaves the pool idle; a read asked for
again keeps only the newer answer."""

from __future__ import annotations

import threading

import pytest

from desktop.bridge import GuiCaller
from desktop.workers import LatestRead, Workers
from tests.gui.conftest import WAIT_MS

pytestmark = pytest.mark.gui


def test_a_job_cancelled_before_it_started_is_not_busy_for_ever(qtbot) -> None:
    caller = GuiCaller()
    workers = Workers(caller, max_workers=1)
    release = threading.Event()
    started = threading.Event()

    def hold(job) -> str:
        started.set()
        release.wait(10)
        return "held"

    ran: list[str] = []
    workers.submit(hold, name="hold", done=ran.append)
    assert started.wait(10)  # the only worker is taken
    queued = workers.submit(lambda job: ran.append("queued") or "queued", name="queued")
    queued.cancel()  # still waiting for a worker: it never runs
    release.set()
    qtbot.waitUntil(lambda: not workers.busy(), timeout=WAIT_MS)
    assert ran == ["held"]
    assert queued.finished
    workers.shutdown()


def test_a_latest_read_keeps_only_the_answer_asked_for_last(qtbot) -> None:
    caller = GuiCaller()
    workers = Workers(caller, max_workers=2)
    reads = LatestRead(workers, "listing")
    release = threading.Event()
    started = threading.Event()

    def old(job) -> str:
        started.set()
        release.wait(10)
        return "old"

    shown: list[str] = []
    reads.submit(old, shown.append)
    assert started.wait(10)  # read, but not back yet
    reads.submit(lambda job: "new", shown.append)
    qtbot.waitUntil(lambda: shown == ["new"], timeout=WAIT_MS)
    release.set()  # the old answer comes back after the new one
    qtbot.waitUntil(lambda: not workers.busy(), timeout=WAIT_MS)
    assert shown == ["new"]
    workers.shutdown()
