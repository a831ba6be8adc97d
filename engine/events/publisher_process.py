"""The app's side of the publisher: start it as a child process, supervise it, stop it.

The child (``python -m engine.events.publisher``) reads the same outbox file and marks rows
delivered after the broker's acknowledgement, so the app's process does no Kafka work at all:
``record()`` stays one SQLite INSERT plus one byte written to a pipe, with no publisher thread
competing for the GIL. If the child dies it is started again (with backoff); whatever it had not
got acknowledged is still pending in the outbox, so nothing is lost.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import fields
from pathlib import Path
from typing import IO

import engine
from engine.events.outbox import Outbox
from engine.events.publisher import PublisherStatus

log = logging.getLogger(__name__)

_COUNTERS = ("delivered", "messages", "failures")
_STOP_GRACE_S = 5.0


class WakeBell:
    """What ``Recorder.wake`` points at in server mode: ``set()`` writes one byte to the pipe
    the child listens on. Never blocks: a full pipe already holds a pending wake-up."""

    def __init__(self, fd: int) -> None:
        self._fd: int | None = fd
        # Closing must not race a write: a closed descriptor number can be reused at once.
        self._lock = threading.Lock()

    def set(self) -> None:
        with self._lock:
            if self._fd is None:
                return
            try:  # noqa: SIM105 (hot path: cheaper than contextlib.suppress)
                os.write(self._fd, b"!")
            except (BlockingIOError, BrokenPipeError):
                pass  # full: the child has wake-ups queued; no reader: it is being restarted

    def close(self) -> None:
        with self._lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None


class PublisherProcess:
    """Ships ``outbox`` to ``bootstrap`` from a supervised child process.

    ``status`` adds up the counters of every child this object started. ``wait_delivered``
    blocks until the outbox has nothing pending; ``stop`` first gives pending rows up to
    ``drain_timeout`` seconds to ship while the broker is reachable.
    """

    def __init__(
        self,
        outbox: Outbox,
        bootstrap: str,
        *,
        poll_interval: float = 1.0,
        batch: int = 5000,
        restart_backoff: tuple[float, float] = (0.5, 30.0),
        nice: int = 10,
    ) -> None:
        self.outbox = outbox
        self.bootstrap = bootstrap
        self.poll_interval = poll_interval
        self.batch = batch
        # Shipping is background work: at a lower CPU priority the scheduler prefers the app's
        # threads (record(), audio, UI) whenever both want a core.
        self.nice = nice
        self.backoff_min, self.backoff_max = restart_backoff
        self.status = PublisherStatus()
        self.restarts = 0
        self._base = {name: 0 for name in _COUNTERS}  # counters of children that ended
        self._read_fd, write_fd = os.pipe()
        os.set_blocking(write_fd, False)
        self.bell = WakeBell(write_fd)
        self._changed = threading.Condition()
        self._stopping = threading.Event()
        self._spawn_lock = threading.Lock()
        self._proc: subprocess.Popen[bytes] | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle -------------------------------------------------------------------------
    def start(self) -> PublisherProcess:
        if self._thread is None:
            self._spawn()
            self._thread = threading.Thread(
                target=self._supervise, name="encore-publisher-supervisor", daemon=True
            )
            self._thread.start()
        return self

    @property
    def pid(self) -> int | None:
        proc = self._proc
        return proc.pid if proc is not None else None

    @property
    def alive(self) -> bool:
        proc = self._proc
        return proc is not None and proc.poll() is None

    def stop(self, drain_timeout: float = 5.0) -> None:
        """Stop the child. Unless the broker is known to be unreachable, first try for up to
        ``drain_timeout`` seconds to ship what is pending; whatever is left stays in the outbox."""
        if self._thread is None:
            self._close_pipe()
            return
        # "Reachable" includes "not tried yet": a short command's only message (e.g. the
        # results notice of `encore train`) is recorded just before the context closes.
        reachable = self.status.connected or self.status.failures == 0
        if reachable and drain_timeout > 0:
            self.wait_delivered(drain_timeout)
        with self._spawn_lock:
            self._stopping.set()
            proc = self._proc
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=_STOP_GRACE_S)
            except subprocess.TimeoutExpired:
                # Stuck on a broker that does not answer: rows it had in flight were never
                # marked delivered, so killing it loses nothing.
                proc.kill()
                proc.wait()
        self._thread.join(timeout=10)
        self._thread = None
        self._close_pipe()

    def _close_pipe(self) -> None:
        self.bell.close()
        if self._read_fd >= 0:
            os.close(self._read_fd)
            self._read_fd = -1

    def wait_delivered(self, timeout: float) -> bool:
        """Block until nothing is pending (True) or ``timeout`` passes (False). On True,
        ``status`` already counts every delivered row."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                newest = self.outbox.max_id()
                if self.status.through >= newest and self.outbox.pending_count() == 0:
                    return True
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self.bell.set()
                # The child reports after every batch and every idle look; the timeout only
                # bounds the wait if a report is missed while it restarts.
                self._changed.wait(min(remaining, 0.5))

    # --- the child -------------------------------------------------------------------------
    def _spawn(self) -> None:
        with self._spawn_lock:
            if self._stopping.is_set():
                return
            root = str(Path(engine.__file__).resolve().parent.parent)
            env = dict(os.environ)
            env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
            args = [
                sys.executable,
                "-m",
                "engine.events.publisher",
                "--outbox",
                str(self.outbox.path),
                "--bootstrap",
                self.bootstrap,
                "--wake-fd",
                str(self._read_fd),
                "--parent",
                str(os.getpid()),
                "--poll-interval",
                str(self.poll_interval),
                "--batch",
                str(self.batch),
                "--nice",
                str(self.nice),
            ]
            try:
                self._proc = subprocess.Popen(
                    args,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE,
                    pass_fds=(self._read_fd,),
                    env=env,
                )
            except OSError as exc:
                # Rows stay pending in the outbox; the next app start tries again.
                log.error("cannot start the event publisher: %s", exc)
                self._proc = None

    def _supervise(self) -> None:
        delay = self.backoff_min
        while True:
            proc = self._proc
            if proc is None:
                return
            started = time.monotonic()
            assert proc.stdout is not None
            last = self._follow(proc.stdout)
            code = proc.wait()
            with self._changed:
                for name in _COUNTERS:
                    self._base[name] += int(last.get(name, 0))
                self.status.connected = False
                self._changed.notify_all()
            if self._stopping.is_set():
                return
            self.restarts += 1
            if time.monotonic() - started > 60:
                delay = self.backoff_min  # it ran fine for a while: restart promptly
            log.warning("event publisher exited with %s; restarting in %.1f s", code, delay)
            if self._stopping.wait(delay):
                return
            delay = min(delay * 2, self.backoff_max)
            self._spawn()

    def _follow(self, stream: IO[bytes]) -> dict[str, object]:
        """Read the child's status lines until it exits; returns the last one."""
        last: dict[str, object] = {}
        for line in stream:
            try:
                report = json.loads(line)
            except ValueError:
                continue  # not a status line (a stray print in a library)
            if not isinstance(report, dict):
                continue
            last = report
            with self._changed:
                for f in fields(PublisherStatus):
                    if f.name not in report:
                        continue
                    value = report[f.name]
                    if f.name in _COUNTERS:
                        value = self._base[f.name] + int(value)
                    elif f.name == "through":  # a restarted child starts from zero
                        value = max(self.status.through, int(value))
                    setattr(self.status, f.name, value)
                self._changed.notify_all()
        stream.close()
        return last
