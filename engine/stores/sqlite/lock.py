"""One writer per job on an embedded library: an ``flock`` on a file beside the database.

The kernel drops the lock when its holder exits, however it exits (a SIGKILL included), so a
stale lock cannot outlive a crash. The holder writes its PID into the file for the one line the
next process prints while it waits.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from engine.stores.sqlite.core import SQLiteCore


class SQLiteLock(SQLiteCore):
    @contextmanager
    def exclusive(self, job: str, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
        path = f"{self.path}.{job}.lock"
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if on_wait is not None:
                    holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
                    on_wait(f"another {job} of this library is running ({holder or 'PID ?'})")
                fcntl.flock(fd, fcntl.LOCK_EX)
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"PID {os.getpid()}".encode(), 0)
            try:
                yield
            finally:
                os.ftruncate(fd, 0)
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
