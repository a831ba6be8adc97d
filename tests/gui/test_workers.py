"""The worker pool: a job cancelled while still queued leaves the pool idle."""

from __future__ import annotations

import threading

import pytest

from desktop.bridge import GuiCaller
from desktop.workers import Workers
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
