"""Pool workers end with the process that started them, however it ended.

A ``ProcessPoolExecutor`` worker busy with a long file only notices its parent is gone when it
next reads the call queue, and a forkserver's workers never do: each holds the forkserver's
"alive" pipe, so the forkserver outlives the main process as long as they do, and they stay
its children. :func:`exit_with` therefore watches the main process itself:

* when it is the direct parent, on Linux, ``PR_SET_PDEATHSIG``: the kernel sends SIGKILL the
  moment it dies;
* always, a daemon thread that waits on a pidfd of that process (Linux) or polls for it, and
  ends this one.
"""

from __future__ import annotations

import ctypes
import os
import select
import signal
import sys
import threading

_PR_SET_PDEATHSIG = 1
POLL_SECONDS = 0.5


def exit_with(pid: int) -> None:
    """End this process (no cleanup: nobody is left to use its results) when ``pid`` ends."""
    if pid == os.getppid() and sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # no prctl (an unusual libc): the thread below still guards
    try:
        pidfd = os.pidfd_open(pid)
    except ProcessLookupError:
        os._exit(1)  # it died before we could watch it
    except (AttributeError, OSError):
        pidfd = None  # not Linux >= 5.3: poll instead
    threading.Thread(target=_watch, args=(pid, pidfd), name="exit-with", daemon=True).start()


def _watch(pid: int, pidfd: int | None) -> None:
    if pidfd is not None:
        select.select([pidfd], [], [])  # readable once the process has exited
        os._exit(1)
    pause = threading.Event()  # never set: a wait that is only a pause between polls
    while _exists(pid):
        pause.wait(POLL_SECONDS)
    os._exit(1)


def _exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
