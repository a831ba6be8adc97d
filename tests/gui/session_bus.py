"""A private D-Bus session bus (a real dbus-daemon on a socket in a temp dir) for one test, and
an outside client's call to Encore's MPRIS object on it."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from desktop.mpris import PATH, SERVICE
from tests.gui.conftest import WAIT_MS


@contextmanager
def private_session_bus(folder: Path) -> Iterator[str]:
    """Start the bus, yield its address, stop it."""
    daemon = shutil.which("dbus-daemon")
    if daemon is None:
        pytest.fail("dbus-daemon is not installed (scripts/install.sh --test installs it)")
    config = folder / "session.conf"
    config.write_text(
        "<!DOCTYPE busconfig PUBLIC '-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN' "
        "'http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd'>"
        f"<busconfig><type>session</type><listen>unix:path={folder}/bus</listen>"
        "<policy context='default'><allow send_destination='*' eavesdrop='true'/>"
        "<allow eavesdrop='true'/><allow own='*'/></policy></busconfig>"
    )
    proc = subprocess.Popen(
        [daemon, f"--config-file={config}", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        address = proc.stdout.readline().strip()  # printed once the bus listens
        assert address.startswith("unix:"), address
        yield address
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def mpris_call(qtbot, address: str, *args: str) -> str:
    """``dbus-send`` to Encore's MPRIS object (``args``: the method, then its typed arguments);
    the reply as printed. Encore answers on this thread, so its event loop keeps running while
    the client waits."""
    proc = subprocess.Popen(
        ["dbus-send", f"--bus={address}", "--print-reply", f"--dest={SERVICE}", PATH, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=WAIT_MS)
    out, err = proc.communicate()
    assert proc.returncode == 0, err
    return out
