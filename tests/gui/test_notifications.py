"""Desktop notifications on a private session bus, served by a real notification server
(notification-daemon on a private X server), observed from outside with dbus-monitor: a
Notify call per new song with title, artist and album, each replacing the previous one, and
none once the setting is off."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.notifications import BUS_NAME, TrackNotifier, notification_text
from engine.models import Track
from tests.gui.conftest import WAIT_MS, write_tone
from tests.gui.session_bus import private_session_bus

pytestmark = pytest.mark.gui
DAEMON = "/usr/lib/notification-daemon/notification-daemon"


def _has_owner(address: str) -> bool:
    out = subprocess.run(
        [
            "dbus-send",
            f"--bus={address}",
            "--print-reply",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner",
            f"string:{BUS_NAME}",
        ],
        capture_output=True,
        text=True,
        timeout=10,
    )
    return "boolean true" in out.stdout


@pytest.fixture
def notification_bus(qtbot, tmp_path: Path, xvfb_display: str) -> Iterator[tuple[str, Path]]:
    """A private bus with notification-daemon on it; yields (address, dbus-monitor's log)."""
    if not os.path.exists(DAEMON):
        pytest.fail("notification-daemon is not installed: run scripts/install.sh --test")
    with private_session_bus(tmp_path) as address:
        env = {**os.environ, "DISPLAY": xvfb_display, "DBUS_SESSION_BUS_ADDRESS": address}
        env.pop("WAYLAND_DISPLAY", None)
        daemon = subprocess.Popen(
            [DAEMON], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        log = tmp_path / "monitor.log"
        with log.open("w") as sink:
            monitor = subprocess.Popen(
                [
                    shutil.which("dbus-monitor") or "dbus-monitor",
                    "--address",
                    address,
                    "type='method_call',interface='org.freedesktop.Notifications'",
                ],
                stdout=sink,
                stderr=subprocess.STDOUT,
                text=True,
            )
        try:
            qtbot.waitUntil(lambda: "NameAcquired" in log.read_text(), timeout=WAIT_MS)
            qtbot.waitUntil(lambda: _has_owner(address), timeout=WAIT_MS)
            yield address, log
        finally:
            monitor.terminate()
            daemon.terminate()
            monitor.wait(timeout=10)
            daemon.wait(timeout=10)


def _notify_calls(log: Path) -> list[list[str]]:
    """The arguments of each Notify call dbus-monitor saw, one line per argument."""
    calls = re.split(r"^method call .*member=", log.read_text(), flags=re.M)[1:]
    return [c.splitlines()[1:9] for c in calls if c.startswith("Notify")]


def test_a_notification_per_song_replacing_the_last(
    qtbot, desktop, wait_jobs, notification_bus, tmp_path: Path
) -> None:
    address, log = notification_bus
    window = desktop.window
    notifier = TrackNotifier(window.controller.bridge, desktop.workers, bus=address)
    try:
        tracks = [
            Track(
                f"n{i}",
                str(write_tone(tmp_path / f"n{i}.wav", 20.0, sr=8000)),
                f"Song <{i}>",
                "Ada & Co",
                f"Album {i}",
                duration=20.0,
            )
            for i in range(3)
        ]
        window.controller.play_tracks(tracks)
        qtbot.waitUntil(lambda: len(_notify_calls(log)) == 1, timeout=WAIT_MS)
        wait_jobs(desktop)
        first_id = notifier.last_id
        assert first_id > 0
        window.controller.next()
        qtbot.waitUntil(lambda: len(_notify_calls(log)) == 2, timeout=WAIT_MS)
        wait_jobs(desktop)

        first, second = _notify_calls(log)
        assert first[0].strip() == 'string "Encore"'
        assert first[1].strip() == "uint32 0"  # replaces_id: a uint32, as the server demands
        assert first[3].strip() == 'string "Song <0>"'  # the summary is plain text
        assert first[4].strip().startswith('string "Ada ')
        assert "Album 0" in first[4]
        assert second[1].strip() == f"uint32 {first_id}"  # replaces the first bubble
        assert second[3].strip() == 'string "Song <1>"'
        assert notifier.last_id == first_id  # the server kept the id it replaced

        notifier.enabled = False  # the setting off: no call at all
        window.controller.next()
        qtbot.waitUntil(lambda: desktop.player.current.track_id == "n2", timeout=WAIT_MS)
        wait_jobs(desktop)
        assert len(_notify_calls(log)) == 2
    finally:
        notifier.close()


def test_tag_text_is_shown_as_typed() -> None:
    track = Track("x", "/m/x.wav", "<b>T</b>", "A & B", "<i>Al</i>")
    assert notification_text(track, markup=True) == (
        "<b>T</b>",
        "A &amp; B — &lt;i&gt;Al&lt;/i&gt;",
    )
    assert notification_text(track, markup=False) == ("<b>T</b>", "A & B — <i>Al</i>")


def test_settings_switch_the_desktop_notifier(qtbot, desktop, wait_jobs) -> None:
    from dataclasses import replace

    from desktop.app import apply_settings

    assert desktop.notifier is not None and desktop.notifier.enabled
    apply_settings(desktop, replace(desktop.ctx.config, notifications=False))
    assert not desktop.notifier.enabled
