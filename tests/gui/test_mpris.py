"""MPRIS on a real, private D-Bus session bus: a client controls the player and reads state."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile
from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusPendingCallWatcher

from desktop.mpris import PATH, PLAYER_IFACE, ROOT_IFACE, SERVICE, register_mpris
from engine.models import Track

pytestmark = pytest.mark.gui


@pytest.fixture
def session_bus(tmp_path: Path) -> Iterator[str]:
    daemon = shutil.which("dbus-daemon")
    if daemon is None:
        pytest.fail("dbus-daemon is not installed (scripts/install.sh --test installs it)")
    config = tmp_path / "session.conf"
    config.write_text(
        "<!DOCTYPE busconfig PUBLIC '-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN' "
        "'http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd'>"
        f"<busconfig><type>session</type><listen>unix:path={tmp_path}/bus</listen>"
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


def _call(qtbot, client: QDBusConnection, iface: str, method: str, *args):
    # Asynchronous on purpose: the server lives on this same thread, so a blocking call (or
    # QDBusInterface's introspection) would wait for a reply that needs this loop to run.
    message = QDBusMessage.createMethodCall(SERVICE, PATH, iface, method)
    message.setArguments(list(args))
    watcher = QDBusPendingCallWatcher(client.asyncCall(message))
    qtbot.waitUntil(watcher.isFinished, timeout=5000)
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

        sr = 44100
        tone = np.sin(2 * np.pi * 330 * np.arange(30 * sr) / sr).astype(np.float32) * 0.2
        soundfile.write(tmp_path / "t.wav", tone, sr)
        track = Track("abc", str(tmp_path / "t.wav"), "<b>Tone</b>", "Synth", "Tests", duration=30)
        desktop.window.controller.play_tracks([track])
        player = desktop.player
        qtbot.waitUntil(lambda: player.state == "playing", timeout=10_000)

        assert _get(qtbot, client, ROOT_IFACE, "Identity") == "Encore"
        assert _get(qtbot, client, PLAYER_IFACE, "PlaybackStatus") == "Playing"
        metadata = _get(qtbot, client, PLAYER_IFACE, "Metadata")
        assert metadata.currentSignature() == "a{sv}"  # a D-Bus dict, as MPRIS requires
        assert mpris.player._metadata()["xesam:title"] == "<b>Tone</b>"
        assert mpris.player._metadata()["mpris:length"] == 30_000_000

        _call(qtbot, client, PLAYER_IFACE, "PlayPause")
        qtbot.waitUntil(lambda: player.state == "paused", timeout=5000)
        assert _get(qtbot, client, PLAYER_IFACE, "PlaybackStatus") == "Paused"
        _call(qtbot, client, PLAYER_IFACE, "Play")
        qtbot.waitUntil(lambda: player.state == "playing", timeout=5000)
    finally:
        server.unregisterService(SERVICE)
        QDBusConnection.disconnectFromBus("encore-mpris-server")
        QDBusConnection.disconnectFromBus("encore-mpris-client")
