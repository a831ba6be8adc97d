"""Pool workers end with the process that started them, however it ended.

A ``ProcessPoolExecutor`` worker busy with a long file only notices its parent is gone when it
next reads the call queue; killed with SIGKILL, the parent never tells it. Two guards, both set
up by :func:`exit_with_parent` in the worker's initializer:

* on Linux, ``PR_SET_PDEATHSIG``: the kernel sends SIGKILL the moment the parent dies;
* everywhere, a daemon thread that polls ``os.getppid()`` (an orphan is re-parented to init or a
  subreaper, so the id changes) and ends the process.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading

_PR_SET_PDEATHSIG = 1
POLL_SECONDS = 0.5


def exit_with_parent(parent_pid: int | None = None) -> None:
    """Make this process end when its parent ends: ``parent_pid`` when the caller knows it (a
    spawned worker's parent may already be gone), else whoever is the parent now (a worker of a
    forkserver, which itself ends with the main process)."""
    if parent_pid is None:
        parent_pid = os.getppid()
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # no prctl (an unusual libc): the thread below still guards
    # The parent may have died before the line above ran: then no signal will ever come.
    if os.getppid() != parent_pid:
        os._exit(1)
    threading.Thread(
        target=_watch, args=(parent_pid,), name="exit-with-parent", daemon=True
    ).start()


def _watch(parent_pid: int) -> None:
    stop = threading.Event()  # never set: a wait that is only a pause between polls
    while os.getppid() == parent_pid:
        stop.wait(POLL_SECONDS)
    os._exit(1)  # no cleanup: the parent that would use our results is gone
