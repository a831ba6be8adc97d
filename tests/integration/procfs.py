"""What /proc says about the processes a test started: pool workers, their state, a deadline.

Linux only, like the fault tests that use it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

POLL_S = 0.05  # between looks at another process: polling with a deadline, not a timing assert


def _stat(pid: int) -> tuple[str, int] | None:
    """``(state, ppid)`` of ``pid``, or None once it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = text.rsplit(")", 1)[1].split()  # the command name may hold spaces and parens
    return fields[0], int(fields[1])


def alive(pid: int) -> bool:
    """Running or stopped; a zombie (exited, not yet reaped by init) counts as gone."""
    stat = _stat(pid)
    return stat is not None and stat[0] not in ("Z", "X")


def stopped(pid: int) -> bool:
    stat = _stat(pid)
    return stat is not None and stat[0] == "T"


def pool_workers(parent: int) -> list[int]:
    """multiprocessing workers (not its resource tracker) whose parent is ``parent``."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        pid = int(entry)
        stat = _stat(pid)
        if stat is None or stat[1] != parent:
            continue
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"spawn_main" in cmdline:
            found.append(pid)
    return sorted(found)


def descendants(root: int) -> list[int]:
    """Every living process below ``root`` (children, their children, ...)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (stat := _stat(int(entry))) is not None and alive(int(entry)):
            parents[int(entry)] = stat[1]
    found, frontier = [], {root}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier}
        found += sorted(frontier)
    return found


def in_user_code(pid: int) -> bool:
    """A stopped process halted outside any system call: computing. An idle pool worker is
    always blocked in one (reading its call queue, or waiting for the queue's lock)."""
    # Reading it needs ptrace rights over the process (a descendant of the test has them); a
    # PermissionError is left to say so rather than turn into a timeout.
    try:
        return Path(f"/proc/{pid}/syscall").read_text().split()[0] == "-1"
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False


def wait_for(condition: Callable[[], bool], what: str, *, timeout_s: float = 120.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(POLL_S)
