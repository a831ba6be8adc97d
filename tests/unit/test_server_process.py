"""The process helpers behind the test servers: exit while starting, readiness, stopping."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.servers.process import end_process, free_port, port_open, wait_ready


def _python(code: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", code])


def test_exit_while_starting_is_reported_with_its_code() -> None:
    process = _python("import sys; sys.exit(3)")
    with pytest.raises(RuntimeError, match=r"^toy exited with 3: it broke$"):
        wait_ready(process, lambda: False, what="toy", exit_detail=lambda: "it broke", timeout_s=30)


def test_ready_when_the_port_answers_then_sigterm_ends_it() -> None:
    port = free_port()
    assert not port_open(port)
    process = _python(
        f"import socket, time\ns = socket.create_server(('127.0.0.1', {port}))\ntime.sleep(60)\n"
    )
    try:
        assert wait_ready(
            process, lambda: port_open(port), what="toy", exit_detail=str, timeout_s=30
        )
    finally:
        end_process(process, grace_s=20)
    assert process.returncode == -15  # SIGTERM sufficed


def test_not_ready_in_time_returns_false_and_kill_ends_it() -> None:
    process = _python("import time; time.sleep(60)")
    try:
        assert not wait_ready(process, lambda: False, what="toy", exit_detail=str, timeout_s=0.3)
    finally:
        end_process(process)
    assert process.returncode == -9
