"""The whole MPRIS Player interface seen by an outside client (dbus-send, dbus-monitor) on a
private bus: every property readable, Volume/Shuffle/LoopStatus written through
``Properties.Set`` change the player, and each change is announced with ``PropertiesChanged``."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtDBus import QDBusConnection

from desktop.mpris import PLAYER_IFACE, SERVICE, register_mpris, track_object_path
from engine.models import Track
from tests.audio_files import silent_flac
from tests.gui.conftest import WAIT_MS
from tests.gui.session_bus import mpris_call, private_session_bus

pytestmark = pytest.mark.gui

PROPERTIES = "org.freedesktop.DBus.Properties"
# Smallest valid PNG (1x1); the bytes must come back unchanged from the cached file.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cfc0f01f0005000201a5f6c8b40000000049454e44ae426082"
)


def _get(qtbot, address: str, name: str) -> str:
    return mpris_call(
        qtbot, address, f"{PROPERTIES}.Get", f"string:{PLAYER_IFACE}", f"string:{name}"
    )


def _set(qtbot, address: str, name: str, variant: str) -> None:
    mpris_call(
        qtbot, address, f"{PROPERTIES}.Set", f"string:{PLAYER_IFACE}", f"string:{name}", variant
    )


def _changes(log: Path) -> list[str]:
    """The PropertiesChanged signals seen so far, one text block each."""
    blocks = log.read_text().split("signal time=")
    return [b for b in blocks if "member=PropertiesChanged" in b and f'"{PLAYER_IFACE}"' in b]


def _announced(log: Path, name: str, value: str) -> bool:
    pattern = rf'string "{name}"\s+variant\s+{re.escape(value)}'
    return any(re.search(pattern, block) for block in _changes(log))


def _art_url(text: str) -> str | None:
    found = re.search(r'string "mpris:artUrl"\s+variant\s+string "([^"]*)"', text)
    return found and found.group(1)


@pytest.fixture
def bus(qtbot, desktop, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A private bus with Encore published on it and dbus-monitor logging PropertiesChanged."""
    log = tmp_path / "monitor.txt"
    with private_session_bus(tmp_path) as address:
        server = QDBusConnection.connectToBus(address, "encore-mpris-properties")
        monitor = None
        try:
            assert register_mpris(
                desktop.window.controller,
                desktop.window,
                bus=server,
                workers=desktop.workers,
                cache_dir=tmp_path / "cache",
            )
            with log.open("w") as sink:
                monitor = subprocess.Popen(
                    ["dbus-monitor", "--address", address, "type='signal'"],
                    stdout=sink,
                    stderr=subprocess.STDOUT,
                )
            qtbot.waitUntil(lambda: "NameAcquired" in log.read_text(), timeout=WAIT_MS)
            yield address, log
        finally:
            if monitor is not None:
                monitor.terminate()
                monitor.wait(timeout=10)
            server.unregisterService(SERVICE)
            QDBusConnection.disconnectFromBus("encore-mpris-properties")


def test_every_player_property_reads_over_the_bus(qtbot, desktop, bus, tmp_path: Path) -> None:
    address, _log = bus
    everything = mpris_call(qtbot, address, f"{PROPERTIES}.GetAll", f"string:{PLAYER_IFACE}")
    for name in (
        "PlaybackStatus", "LoopStatus", "Rate", "Shuffle", "Metadata", "Volume", "Position",
        "MinimumRate", "MaximumRate", "CanGoNext", "CanGoPrevious", "CanPlay", "CanPause",
        "CanSeek", "CanControl",
    ):  # fmt: skip
        assert f'string "{name}"' in everything, name
    for name in ("Rate", "MinimumRate", "MaximumRate"):
        assert "double 1" in _get(qtbot, address, name)
    assert 'string "Stopped"' in _get(qtbot, address, "PlaybackStatus")
    assert 'string "None"' in _get(qtbot, address, "LoopStatus")
    assert "boolean false" in _get(qtbot, address, "CanSeek")  # nothing to seek in yet
    assert "boolean true" in _get(qtbot, address, "CanControl")

    song = silent_flac(tmp_path / "one" / "a.flac", None, seconds=30)
    track = Track("a", str(song), "A", "Ada", "Album A", duration=30)
    desktop.window.controller.play_tracks([track])
    qtbot.waitUntil(lambda: desktop.player.state == "playing", timeout=WAIT_MS)
    metadata = _get(qtbot, address, "Metadata")
    path = track_object_path("a")
    assert re.search(rf'"mpris:trackid"\s+variant\s+object path "{path}"', metadata), metadata
    assert re.search(r'"xesam:album"\s+variant\s+string "Album A"', metadata)
    assert re.search(r'"mpris:length"\s+variant\s+int(32|64) 30000000', metadata)
    assert "boolean true" in _get(qtbot, address, "CanSeek")


def test_volume_shuffle_and_loop_written_from_outside_change_the_player(
    qtbot, desktop, bus
) -> None:
    address, log = bus
    player, controller = desktop.player, desktop.window.controller
    bar = desktop.window.now_playing

    _set(qtbot, address, "Volume", "variant:double:0.25")
    assert player.volume == pytest.approx(0.25)
    qtbot.waitUntil(lambda: _announced(log, "Volume", "double 0.25"), timeout=WAIT_MS)
    _set(qtbot, address, "Volume", "variant:double:-3")  # out of range: clamped, not refused
    assert player.volume == 0.0

    _set(qtbot, address, "Shuffle", "variant:boolean:true")
    assert player.queue.shuffle is True
    assert bar.shuffle_button.isChecked()  # the window shows what the client set
    qtbot.waitUntil(lambda: _announced(log, "Shuffle", "boolean true"), timeout=WAIT_MS)

    for name, mode in (("Track", "one"), ("Playlist", "all"), ("None", "off")):
        _set(qtbot, address, "LoopStatus", f"variant:string:{name}")
        assert player.queue.repeat == mode
        assert f'string "{name}"' in _get(qtbot, address, "LoopStatus")
    _set(qtbot, address, "LoopStatus", "variant:string:Sometimes")  # unknown: ignored
    assert player.queue.repeat == "off"
    qtbot.waitUntil(lambda: _announced(log, "LoopStatus", 'string "Track"'), timeout=WAIT_MS)

    # Changes made in the window are announced the same way.
    controller.set_volume(0.5)
    controller.cycle_repeat()
    qtbot.waitUntil(lambda: _announced(log, "Volume", "double 0.5"), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: _announced(log, "LoopStatus", 'string "Playlist"'), timeout=WAIT_MS)


def test_status_and_cover_art_are_announced(qtbot, desktop, bus, tmp_path: Path) -> None:
    address, log = bus
    player, controller = desktop.player, desktop.window.controller
    embedded = silent_flac(tmp_path / "one" / "a.flac", PNG, seconds=30)
    beside = silent_flac(tmp_path / "two" / "b.flac", None, seconds=30)
    folder_png = tmp_path / "two" / "cover.png"
    folder_png.write_bytes(PNG + b"folder")
    tracks = [
        Track("a", str(embedded), "Embedded", "Ada", duration=30),
        Track("b", str(beside), "Beside", "Grace", duration=30),
    ]
    controller.play_tracks(tracks)
    qtbot.waitUntil(lambda: player.state == "playing", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: _announced(log, "PlaybackStatus", 'string "Playing"'), timeout=WAIT_MS)

    def art_of(title: str) -> str | None:
        blocks = [b for b in _changes(log) if f'"{title}"' in b and _art_url(b)]
        return _art_url(blocks[-1]) if blocks else None

    qtbot.waitUntil(lambda: art_of("Embedded") is not None, timeout=WAIT_MS)
    url = art_of("Embedded")
    assert url.startswith(f"file://{tmp_path / 'cache'}/")
    assert Path(url.removeprefix("file://")).read_bytes() == PNG  # the embedded picture
    assert _art_url(_get(qtbot, address, "Metadata")) == url

    mpris_call(qtbot, address, f"{PLAYER_IFACE}.Next")
    qtbot.waitUntil(lambda: art_of("Beside") is not None, timeout=WAIT_MS)
    assert art_of("Beside") == f"file://{folder_png}"  # the folder image, where it lies

    mpris_call(qtbot, address, f"{PLAYER_IFACE}.Pause")
    qtbot.waitUntil(lambda: _announced(log, "PlaybackStatus", 'string "Paused"'), timeout=WAIT_MS)
    mpris_call(qtbot, address, f"{PLAYER_IFACE}.Stop")
    qtbot.waitUntil(lambda: _announced(log, "PlaybackStatus", 'string "Stopped"'), timeout=WAIT_MS)
    assert 'string "Stopped"' in _get(qtbot, address, "PlaybackStatus")
