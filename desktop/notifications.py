"""Desktop notifications on track change: ``org.freedesktop.Notifications`` on the session bus
(title as summary, artist and album as body), each one replacing the previous, so a run of
skips leaves one bubble. Switched off by the ``notifications`` setting.

The call goes through jeepney, in a worker: PySide6's QtDBus sends Python ints as int32 only,
and every server checks Notify's signature ``susssasa{sv}i`` (``replaces_id`` is a uint32).
Without a session bus or a notification server nothing is shown and nothing fails.
"""

from __future__ import annotations

import contextlib
import html
import logging
import threading
from typing import Any

from PySide6.QtCore import QObject

from desktop.app_id import APP_ID
from desktop.bridge import PlayerBridge
from desktop.workers import Workers
from engine.models import Track

log = logging.getLogger(__name__)

BUS_NAME = "org.freedesktop.Notifications"
OBJECT_PATH = "/org/freedesktop/Notifications"
NOTIFY_SIGNATURE = "susssasa{sv}i"
TIMEOUT_S = 5.0  # a server that does not answer is not waited on longer
EXPIRE_DEFAULT = -1  # the server's own display time


def notification_text(track: Track, *, markup: bool) -> tuple[str, str]:
    """``(summary, body)`` for ``track``. Tag text is plain: where the server reads markup in
    the body, ``<`` and ``&`` are escaped so they show as typed (the summary is never markup)."""
    body = " — ".join(part for part in (track.artist, track.album) if part.strip())
    return track.title, html.escape(body, quote=False) if markup else body


class TrackNotifier(QObject):
    def __init__(
        self,
        bridge: PlayerBridge,
        workers: Workers,
        *,
        enabled: bool = True,
        bus: str = "SESSION",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.enabled = enabled
        self._workers = workers
        self._bus = bus  # "SESSION" or a D-Bus address (a test's private bus)
        self._lock = threading.Lock()  # one call at a time on the connection
        self._connection: Any = None
        self._markup: bool | None = None  # the server's body-markup capability, once asked
        self._wanted: Track | None = None  # the newest song: a backlog sends only that one
        self.last_id = 0  # the shown notification, replaced by the next
        self._warned = False
        bridge.trackChanged.connect(self.show_track)

    def show_track(self, track: Track | None) -> None:
        if not self.enabled or track is None:
            return
        with self._lock:
            self._wanted = track
        self._workers.submit(lambda job: self._send(), name="notify", failed=self._failed)

    def _send(self) -> int | None:
        with self._lock:
            track, self._wanted = self._wanted, None
            if track is None:
                return None  # a later job already showed the newest song
            connection = self._connect()
            if self._markup is None:
                caps = self._call(connection, "GetCapabilities", "", ())
                self._markup = "body-markup" in caps[0]
            summary, body = notification_text(track, markup=self._markup)
            hints = {"desktop-entry": ("s", APP_ID), "category": ("s", "x-encore.track")}
            args = ("Encore", self.last_id, APP_ID, summary, body, [], hints, EXPIRE_DEFAULT)
            (self.last_id,) = self._call(connection, "Notify", NOTIFY_SIGNATURE, args)
            return self.last_id

    def _connect(self) -> Any:
        if self._connection is None:
            from jeepney.io.blocking import open_dbus_connection

            self._connection = open_dbus_connection(bus=self._bus)
        return self._connection

    def _call(self, connection: Any, method: str, signature: str, args: tuple) -> tuple:
        from jeepney import DBusAddress, new_method_call
        from jeepney.wrappers import unwrap_msg

        address = DBusAddress(OBJECT_PATH, bus_name=BUS_NAME, interface=BUS_NAME)
        message = new_method_call(address, method, signature or None, args)
        try:
            return unwrap_msg(connection.send_and_get_reply(message, timeout=TIMEOUT_S))
        except Exception:
            self._close()  # the next song starts from a fresh connection
            raise

    def _failed(self, exc: BaseException) -> None:
        # No bus, no server, a server that went away: a missing bubble is no error to show.
        if not self._warned:
            self._warned = True
            log.info("desktop notifications unavailable: %s", exc)

    def _close(self) -> None:
        connection, self._connection = self._connection, None
        self._markup = None
        if connection is not None:
            with contextlib.suppress(OSError):
                connection.close()

    def close(self) -> None:
        with self._lock:
            self._close()
