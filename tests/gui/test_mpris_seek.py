"""MPRIS seeking, driven by an outside client (dbus-send) on a private bus: Seek, SetPosition,
and the Seeked signal for every jump, whoever asked for it."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from PySide6.QtDBus import QDBusConnection

from desktop.mpris import PLAYER_IFACE, SERVICE, register_mpris, track_object_path
from engine.models import Track
from tests.gui.conftest import WAIT_MS, write_tone
from tests.gui.session_bus import mpris_call, private_session_bus

pytestmark = pytest.mark.gui


def _send(qtbot, address: str, method: str, *args: str) -> None:
    mpris_call(qtbot, address, f"{PLAYER_IFACE}.{method}", *args)


def _seeked(log: Path) -> list[int]:
    return [int(x) for x in re.findall(r"member=Seeked\s+int64 (-?\d+)", log.read_text())]


def test_seek_and_set_position_from_a_dbus_client(qtbot, desktop, tmp_path: Path) -> None:
    tracks = []
    for name in ("a", "b"):
        write_tone(tmp_path / f"{name}.wav", 30.0, 330.0)
        tracks.append(Track(name, str(tmp_path / f"{name}.wav"), name, "Synth", duration=30))
    log = tmp_path / "monitor.txt"
    with private_session_bus(tmp_path) as address:
        server = QDBusConnection.connectToBus(address, "encore-mpris-seek")
        monitor = None
        try:
            assert register_mpris(desktop.window.controller, desktop.window, bus=server)
            with log.open("w") as sink:
                monitor = subprocess.Popen(
                    ["dbus-monitor", "--address", address, "type='signal',member='Seeked'"],
                    stdout=sink,
                    stderr=subprocess.STDOUT,
                )
            qtbot.waitUntil(lambda: "NameAcquired" in log.read_text(), timeout=WAIT_MS)
            player = desktop.player
            desktop.window.controller.play_tracks(tracks)
            qtbot.waitUntil(lambda: player.state == "playing", timeout=WAIT_MS)
            desktop.window.controller.toggle()  # paused: positions stay put while we look
            qtbot.waitUntil(lambda: player.state == "paused", timeout=WAIT_MS)

            current = track_object_path("a")
            _send(qtbot, address, "SetPosition", f"objpath:{current}", "int64:10000000")
            assert player.position() == pytest.approx(10.0, abs=0.05)
            _send(qtbot, address, "Seek", "int64:5000000")
            assert player.position() == pytest.approx(15.0, abs=0.05)
            _send(qtbot, address, "Seek", "int64:-60000000")  # before the start: from 0
            assert player.position() == pytest.approx(0.0, abs=0.05)
            # A stale track id or a position past the end is ignored.
            _send(qtbot, address, "SetPosition", f"objpath:{track_object_path('b')}", "int64:1")
            _send(qtbot, address, "SetPosition", f"objpath:{current}", "int64:99000000")
            assert player.position() == pytest.approx(0.0, abs=0.05)
            desktop.window.controller.seek(20.0)  # the window's seek bar: announced too
            qtbot.waitUntil(lambda: len(_seeked(log)) >= 4, timeout=WAIT_MS)
            assert _seeked(log) == [10_000_000, 15_000_000, 0, 20_000_000]
            assert player.current.track_id == "a"
            _send(qtbot, address, "Seek", "int64:60000000")  # past the end: like Next
            qtbot.waitUntil(lambda: player.current.track_id == "b", timeout=WAIT_MS)
        finally:
            if monitor is not None:
                monitor.terminate()
                monitor.wait(timeout=10)
            server.unregisterService(SERVICE)
            QDBusConnection.disconnectFromBus("encore-mpris-seek")
