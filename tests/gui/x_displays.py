"""Private X displays for the GUI tests that need a real screen: Xvfb, and openbox managing it
(the fixtures built on them are in tests/gui/conftest.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

import pytest


@contextmanager
def xvfb(size: str) -> Iterator[str]:
    """A private X server (Xvfb, ``size`` as ``"WxH"``) on a free display; yields ``":N"``.

    ``-displayfd`` lets Xvfb pick the free display itself and write its number once it accepts
    connections, so nothing polls or sleeps.
    """
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        pytest.fail("Xvfb is not installed: run scripts/install.sh --test")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write_end), "-screen", "0", f"{size}x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        number = b""
        while not number.endswith(b"\n"):
            chunk = os.read(read_end, 16)  # blocks until Xvfb is ready (or exits)
            if not chunk:
                pytest.fail(f"Xvfb exited with {server.wait()} before it was ready")
            number += chunk
        yield f":{number.decode().strip()}"
    finally:
        os.close(read_end)
        server.terminate()
        server.wait(timeout=30)


@contextmanager
def openbox(display: str) -> Iterator[str]:
    """openbox managing ``display`` (a real window manager: frames, title bars and its own
    placement); yields the display once openbox runs its start-up command, so nothing polls
    or sleeps."""
    openbox = shutil.which("openbox")
    if openbox is None:
        pytest.fail("openbox is not installed: run scripts/install.sh --test")
    manager = subprocess.Popen(
        [openbox, "--startup", "echo managing"],
        env=dict(os.environ, DISPLAY=display),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert manager.stdout is not None
        # Blocks until openbox is up; its own messages ("no menu file") come first.
        if not any(line.strip() == "managing" for line in manager.stdout):
            pytest.fail(f"openbox exited with {manager.wait()} before it managed the display")
        yield display
    finally:
        manager.terminate()
        manager.wait(timeout=30)
