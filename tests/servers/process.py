"""What every test server (mongod, tansu, Spark) does the same way: a free loopback port,
waiting for the process to answer, stopping it, and retrying when a port was taken."""

from __future__ import annotations

import signal
import socket
import subprocess
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_open(port: int, timeout_s: float = 0.2) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout_s):
            return True
    except OSError:
        return False


def wait_ready(
    process: subprocess.Popen[bytes],
    ready: Callable[[], bool],
    *,
    what: str,
    exit_detail: Callable[[], str],
    timeout_s: float,
    interval_s: float = 0.05,
) -> bool:
    """Poll ``ready()`` until it is true (True) or ``timeout_s`` passed (False: the caller
    stops the process and says so); a process that exits meanwhile raises ``RuntimeError``
    ``"<what> exited with <code>: <exit_detail()>"``."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}: {exit_detail()}")
        if ready():
            return True
        time.sleep(interval_s)  # external process becoming ready: polling with a deadline
    return False


def end_process(process: subprocess.Popen[bytes], *, grace_s: float = 0.0) -> None:
    """SIGTERM and up to ``grace_s`` for a clean exit, then SIGKILL (at once when 0)."""
    if process.poll() is not None:
        return
    if grace_s > 0:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=grace_s)
            return
        except subprocess.TimeoutExpired:
            pass
    process.kill()
    process.wait()


def start_on_free_port(start: Callable[[], T], what: str, attempts: int = 3) -> T:
    """``start()`` again (it picks a new free port) when it failed: a free port can be taken
    between probing and binding."""
    last: Exception | None = None
    for _ in range(attempts):
        try:
            return start()
        except RuntimeError as exc:
            last = exc
    raise RuntimeError(f"could not start {what}: {last}")
