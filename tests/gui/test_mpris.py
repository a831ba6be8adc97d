"""MPRIS on a real, private D-Bus session bus: a client controls the player and reads state."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile
from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusPendingCallWatcher

from desktop.mpris import PATH, PLAYER_IFACE, ROOT_IFACE, SERVICE, register_mpris
from engine.models import Track
from tests.gui.conftest import WAIT_MS, write_tone
from tests.gui.session_bus import mpris_call, private_session_bus

pytestmark = pytest.mark.gui


@pytest.fixture
def session_bus(tmp_path: Path) -> Iterator[str]:
    with private_session_bus(tmp_path) as address:
        yield address


def _call(qtbot, client: QDBusConnection, iface: str, method: str, *args):
    # Asynchronous on purpose: the server lives on this same thread, so a blocking call (or
    # QDBusInterface's introspection) would wait for a reply that needs this loop to run.
    message = QDBusMessage.createMethodCall(SERVICE, PATH, iface, method)
    message.setArguments(list(args))
    watcher = QDBusPendingCallWatcher(client.asyncCall(message))
    qtbot.waitUntil(watcher.isFinished, timeout=WAIT_MS)
    assert not watcher.isError(), watcher.error().message()
    return watcher


def _get(qtbot, client: QDBusConnection, iface: str, name: str):
    watcher = _call(qtbot, client, "org.freedesktop.DBus.Properties", "Get", iface, name)
    value = watcher.reply().arguments()[0]
    return value.variant() if hasattr(value, "variant") else value


def test_a_dbus_client_controls_playback_and_reads_metadata(
    qtbot, desktop, session_bus: str, tmp_path: Path
) -> None:
    server = QDBusConnection.connectToBus(session_bus, "encore-mpris-server")
    client = QDBusConnection.connectToBus(session_bus, "encore-mpris-client")
    try:
        assert server.isConnected() and client.isConnected()
        mpris = register_mpris(desktop.window.controller, desktop.window, bus=server)
        assert mpris is not None

        write_tone(tmp_path / "t.wav", 30.0, 330.0)
        track = Track("abc", str(tmp_path / "t.wav"), "<b>Tone</b>", "Synth", "Tests", duration=30)
        desktop.window.controller.play_tracks([track])
        player = desktop.player
        qtbot.waitUntil(lambda: player.state == "playing", timeout=WAIT_MS)

        assert _get(qtbot, client, ROOT_IFACE, "Identity") == "Encore"
        assert _get(qtbot, client, PLAYER_IFACE, "PlaybackStatus") == "Playing"
        metadata = _get(qtbot, client, PLAYER_IFACE, "Metadata")
        assert metadata.currentSignature() == "a{sv}"  # a D-Bus dict, as MPRIS requires
        assert mpris.player._metadata()["xesam:title"] == "<b>Tone</b>"
        assert mpris.player._metadata()["mpris:length"] == 30_000_000

        _call(qtbot, client, PLAYER_IFACE, "PlayPause")
        qtbot.waitUntil(lambda: player.state == "paused", timeout=WAIT_MS)
        assert _get(qtbot, client, PLAYER_IFACE, "PlaybackStatus") == "Paused"
        _call(qtbot, client, PLAYER_IFACE, "Play")
        qtbot.waitUntil(lambda: player.state == "playing", timeout=WAIT_MS)
    finally:
        server.unregisterService(SERVICE)
        QDBusConnection.disconnectFromBus("encore-mpris-server")
        QDBusConnection.disconnectFromBus("encore-mpris-client")


def _dbus_get(qtbot, address: str, name: str) -> str:
    """``Properties.Get`` by an outside D-Bus client (dbus-send), its reply as printed."""
    return mpris_call(
        qtbot,
        address,
        "org.freedesktop.DBus.Properties.Get",
        f"string:{PLAYER_IFACE}",
        f"string:{name}",
    )


def _metadata_fields(text: str) -> dict[str, object]:
    import re

    title = re.search(r'string "xesam:title"\s+variant\s+string "([^"]*)"', text)
    artist = re.search(r'string "xesam:artist"\s+variant\s+array \[\s+string "([^"]*)"', text)
    # Qt sends lengths that fit in 32 bits as int32 (MPRIS says int64); clients read both.
    length = re.search(r'string "mpris:length"\s+variant\s+int(?:32|64) (\d+)', text)
    return {
        "xesam:title": title and title.group(1),
        "xesam:artist": artist and artist.group(1),
        "mpris:length": length and int(length.group(1)),
    }


def test_metadata_reads_back_over_the_bus_and_track_changes_are_signalled(
    qtbot, desktop, session_bus: str, tmp_path: Path
) -> None:
    server = QDBusConnection.connectToBus(session_bus, "encore-mpris-server-2")
    monitor_log = tmp_path / "monitor.txt"
    monitor = None
    try:
        assert register_mpris(desktop.window.controller, desktop.window, bus=server)
        sr = 44100
        tracks = []
        for i, (title, artist, seconds) in enumerate(
            [("First song", "Ada", 30.0), ("Second song", "Grace", 42.5)]
        ):
            samples = np.zeros(int(seconds * sr), dtype=np.float32)
            soundfile.write(tmp_path / f"{i}.wav", samples, sr)
            tracks.append(
                Track(f"t{i}", str(tmp_path / f"{i}.wav"), title, artist, duration=seconds)
            )

        with monitor_log.open("w") as sink:
            monitor = subprocess.Popen(
                [
                    "dbus-monitor",
                    "--address",
                    session_bus,
                    "type='signal',member='PropertiesChanged'",
                ],
                stdout=sink,
                stderr=subprocess.STDOUT,
                text=True,
            )
        # dbus-monitor logs its own NameAcquired once it is attached to the bus.
        qtbot.waitUntil(lambda: "NameAcquired" in monitor_log.read_text(), timeout=WAIT_MS)

        player = desktop.player
        desktop.window.controller.play_tracks(tracks)
        qtbot.waitUntil(lambda: player.state == "playing", timeout=WAIT_MS)
        assert _metadata_fields(_dbus_get(qtbot, session_bus, "Metadata")) == {
            "xesam:title": "First song",
            "xesam:artist": "Ada",
            "mpris:length": 30_000_000,
        }

        desktop.window.controller.next()
        qtbot.waitUntil(lambda: "Second song" in monitor_log.read_text(), timeout=WAIT_MS)
        signals = monitor_log.read_text().split("signal time=")
        changed = next(block for block in signals if "Second song" in block)
        assert "member=PropertiesChanged" in changed and f"path={PATH}" in changed
        assert f'string "{PLAYER_IFACE}"' in changed
        assert _metadata_fields(changed)["mpris:length"] == 42_500_000
        assert _metadata_fields(changed)["xesam:artist"] == "Grace"
        assert _metadata_fields(_dbus_get(qtbot, session_bus, "Metadata"))["xesam:title"] == (
            "Second song"
        )
    finally:
        if monitor is not None:
            monitor.terminate()
            monitor.wait(timeout=10)
        server.unregisterService(SERVICE)
        QDBusConnection.disconnectFromBus("encore-mpris-server-2")
