"""One Encore per session, checked with real processes on a private D-Bus session bus.

The first ``encore-desktop FILE`` opens the window and plays; later launches (files, then the
desktop entry's actions) hand their request to it and exit. What the running instance did is
read from outside through its MPRIS interface, as a desktop widget would.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtDBus import QDBusConnection, QDBusMessage

from desktop import mpris
from desktop.app_id import APP_ID
from desktop.single_instance import instance_running, parse_launch, path_of
from engine.playback.player import RESTART_SECONDS
from tests.gui.conftest import write_tone
from tests.gui.session_bus import private_session_bus

pytestmark = pytest.mark.gui

REPO = Path(__file__).resolve().parents[2]
LAUNCH = (
    "import sys; from desktop.app import main; sys.exit(main(['encore-desktop', *sys.argv[1:]]))"
)


@pytest.fixture
def session_bus(tmp_path: Path) -> Iterator[str]:
    with private_session_bus(tmp_path) as address:
        yield address


def _dbus(address: str, method: str, *args: str) -> str:
    """A call to Encore's MPRIS object by an outside client (dbus-send); "" if no answer."""
    result = subprocess.run(
        [
            "dbus-send",
            f"--bus={address}",
            "--print-reply",
            f"--dest={mpris.SERVICE}",
            mpris.PATH,
            method,
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    return result.stdout if result.returncode == 0 else ""


def _get(address: str, name: str, iface: str = mpris.PLAYER_IFACE) -> str:
    return _dbus(
        address, "org.freedesktop.DBus.Properties.Get", f"string:{iface}", f"string:{name}"
    )


def _title(address: str) -> str | None:
    found = re.search(
        r'string "xesam:title"\s+variant\s+string "([^"]*)"', _get(address, "Metadata")
    )
    return found and found.group(1)


def _status(address: str) -> str | None:
    found = re.search(r'variant\s+string "(\w+)"', _get(address, "PlaybackStatus"))
    return found and found.group(1)


def _position(address: str) -> int:
    found = re.search(r"variant\s+int(?:32|64) (-?\d+)", _get(address, "Position"))
    return int(found.group(1)) if found else -1


def test_launch_arguments_travel_as_exact_file_uris(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = os.fsdecode(b'caf\xe9 "live" 100%.flac')  # not UTF-8, quotes, a percent sign
    monkeypatch.chdir(tmp_path)
    request = parse_launch([name])
    assert request.action is None and len(request.uris) == 1
    assert path_of(request.uris[0]) == str(tmp_path / name)
    assert parse_launch(["--next"]).method == ("Action", ["next"])
    assert parse_launch([]).method == ("Activate", [])
    with pytest.raises(ValueError, match="not a local file"):
        path_of("https://example.invalid/a.mp3")
    with pytest.raises(SystemExit):
        parse_launch(["--next", "a.mp3"])


def test_a_second_launch_hands_its_files_and_actions_to_the_first(
    qtbot, session_bus: str, tmp_path: Path
) -> None:
    music = tmp_path / "music"
    music.mkdir()
    first_song, second_song, third_song, fourth_song = (
        write_tone(music / f"{name}.wav", 60.0, freq, 22050)
        for name, freq in (("aa", 330), ("bb", 440), ("cc", 550), ("dd", 660))
    )
    env = {
        **os.environ,
        "DBUS_SESSION_BUS_ADDRESS": session_bus,
        "ENCORE_HOME": str(tmp_path / "home"),
        "ENCORE_OUTPUT_DEVICE": "null",
        "PYTHONPATH": str(REPO),
    }
    client = QDBusConnection.connectToBus(session_bus, "single-instance-test")

    def launch(*args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-c", LAUNCH, *args],
            cwd=music,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def hand(*args: str) -> None:
        second = launch(*args)
        _out, err = second.communicate(timeout=120)
        assert second.returncode == 0, err
        assert instance_running(client)  # the first one still serves

    # A name that is not UTF-8 travels through argv, D-Bus and the decoder (Qt never sees
    # it as an argument); its title, the file name, reaches D-Bus without the stray byte.
    odd_name = music / os.fsdecode(b"b\xe9b.wav")
    os.rename(second_song, os.fsencode(odd_name))
    second_song = odd_name
    first = launch(first_song.name)  # relative to the launching shell's folder
    try:
        qtbot.waitUntil(lambda: instance_running(client), timeout=60_000)
        qtbot.waitUntil(lambda: _title(session_bus) == "aa", timeout=60_000)
        assert _status(session_bus) == "Playing"

        hand(str(second_song), third_song.name)  # a song is playing: they join the queue
        hand("--next")
        qtbot.waitUntil(lambda: _title(session_bus) == "bb", timeout=30_000)
        hand("--next")
        qtbot.waitUntil(lambda: _title(session_bus) == "cc", timeout=30_000)

        # Past the restart point, "previous" starts the song again: a clear, timing-free effect.
        past = (RESTART_SECONDS + 0.5) * 1_000_000
        qtbot.waitUntil(lambda: _position(session_bus) > past, timeout=30_000)
        before = _position(session_bus)
        hand("--previous")
        qtbot.waitUntil(lambda: 0 <= _position(session_bus) < before, timeout=30_000)
        assert _title(session_bus) == "cc"

        hand("--play-pause")
        qtbot.waitUntil(lambda: _status(session_bus) == "Paused", timeout=30_000)
        hand("--play-pause")
        qtbot.waitUntil(lambda: _status(session_bus) == "Playing", timeout=30_000)
        hand("--play-pause")
        qtbot.waitUntil(lambda: _status(session_bus) == "Paused", timeout=30_000)

        # MPRIS's OpenUri does what a launch with a file does (paused: it plays at once).
        _dbus(session_bus, f"{mpris.PLAYER_IFACE}.OpenUri", f"string:{fourth_song.as_uri()}")
        qtbot.waitUntil(lambda: _title(session_bus) == "dd", timeout=30_000)
        assert _status(session_bus) == "Playing"
        root = mpris.ROOT_IFACE
        assert f'string "{APP_ID}"' in _get(session_bus, "DesktopEntry", root)
        assert 'string "audio/flac"' in _get(session_bus, "SupportedMimeTypes", root)
        assert 'string "file"' in _get(session_bus, "SupportedUriSchemes", root)
        assert first.poll() is None  # no launch started a second window and quit the first
    finally:
        quit_message = QDBusMessage.createMethodCall(
            mpris.SERVICE, mpris.PATH, mpris.ROOT_IFACE, "Quit"
        )
        client.call(quit_message)
        try:
            first.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            first.kill()
            first.communicate()
        running_after = instance_running(client)
        QDBusConnection.disconnectFromBus("single-instance-test")
    assert first.returncode == 0
    assert not running_after  # the name went with the process
