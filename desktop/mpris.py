"""MPRIS over D-Bus: media keys and desktop widgets control Encore when a session bus exists.

Two adaptors on ``/org/mpris/MediaPlayer2`` under the bus name ``org.mpris.MediaPlayer2.encore``:
the root interface (identity, raise, quit) and the Player interface (transport, status,
metadata, volume). Everything goes through the :class:`~desktop.controller.PlaybackController`,
like the buttons do. Without a session bus (headless, CI) nothing is registered.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import ClassInfo, Property, QObject, Signal, Slot
from PySide6.QtDBus import QDBusAbstractAdaptor, QDBusConnection, QDBusMessage, QDBusObjectPath

from desktop.app_id import APP_ID
from desktop.controller import PlaybackController
from desktop.desktop_entry import mime_types
from desktop.single_instance import bring_to_front

SERVICE = "org.mpris.MediaPlayer2.encore"
PATH = "/org/mpris/MediaPlayer2"
ROOT_IFACE = "org.mpris.MediaPlayer2"
PLAYER_IFACE = "org.mpris.MediaPlayer2.Player"
STATUS = {"playing": "Playing", "paused": "Paused"}


def track_object_path(track_id: str) -> str:
    """The MPRIS ``mpris:trackid`` of a track (a D-Bus object path)."""
    return f"/org/encore/track/{track_id[:32] or 'none'}"


@ClassInfo({"D-Bus Interface": ROOT_IFACE})
class RootAdaptor(QDBusAbstractAdaptor):
    def __init__(self, parent: QObject, window: Any) -> None:
        super().__init__(parent)
        self._window = window

    @Slot()
    def Raise(self) -> None:
        bring_to_front(self._window)

    @Slot()
    def Quit(self) -> None:
        self._window.close()

    def _identity(self) -> str:
        return "Encore"

    def _true(self) -> bool:
        return True

    def _false(self) -> bool:
        return False

    def _desktop_entry(self) -> str:
        return APP_ID

    def _uri_schemes(self) -> list[str]:
        return ["file"]

    def _mime_types(self) -> list[str]:
        return mime_types()

    Identity = Property(str, _identity)
    DesktopEntry = Property(str, _desktop_entry)
    SupportedUriSchemes = Property("QStringList", _uri_schemes)
    SupportedMimeTypes = Property("QStringList", _mime_types)
    CanQuit = Property(bool, _true)
    CanRaise = Property(bool, _true)
    HasTrackList = Property(bool, _false)


@ClassInfo({"D-Bus Interface": PLAYER_IFACE})
class PlayerAdaptor(QDBusAbstractAdaptor):
    def __init__(
        self,
        parent: QObject,
        controller: PlaybackController,
        open_uris: Callable[[Sequence[str]], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._controller = controller
        self._open_uris = open_uris

    @Slot(str)
    def OpenUri(self, uri: str) -> None:
        # What ``encore-desktop FILE`` does: play it, or queue it while a song plays.
        if self._open_uris is not None:
            self._open_uris([uri])

    @Slot()
    def PlayPause(self) -> None:
        self._controller.toggle()

    @Slot()
    def Play(self) -> None:
        if self._controller.player.state != "playing":
            self._controller.toggle()

    @Slot()
    def Pause(self) -> None:
        if self._controller.player.state == "playing":
            self._controller.player.pause()

    @Slot()
    def Stop(self) -> None:
        self._controller.player.stop()

    @Slot()
    def Next(self) -> None:
        self._controller.next()

    @Slot()
    def Previous(self) -> None:
        self._controller.previous()

    # --- seeking (positions in microseconds, as MPRIS counts) --------------------------------
    Seeked = Signal("qlonglong")  # sent on the bus by the adaptor; Mpris emits it

    @Slot("qlonglong")
    def Seek(self, offset: int) -> None:
        player = self._controller.player
        if player.current is None:
            return
        target = player.position() + offset / 1_000_000
        if player.duration() > 0 and target >= player.duration():
            self._controller.next()  # MPRIS: seeking past the end acts like Next
            return
        self._controller.seek(max(target, 0.0))

    @Slot(QDBusObjectPath, "qlonglong")
    def SetPosition(self, track_id: QDBusObjectPath, position: int) -> None:
        player = self._controller.player
        track = player.current
        # MPRIS: a stale track id (the song changed meanwhile) or an impossible position is
        # ignored rather than applied to whatever plays now.
        if track is None or track_id.path() != track_object_path(track.track_id):
            return
        if position < 0 or (player.duration() > 0 and position > player.duration() * 1_000_000):
            return
        self._controller.seek(position / 1_000_000)

    def _can_seek(self) -> bool:
        return self._controller.player.current is not None

    def _status(self) -> str:
        return STATUS.get(self._controller.player.state, "Stopped")

    def _metadata(self) -> dict:
        track = self._controller.player.current
        if track is None:
            return {}
        return {
            "mpris:trackid": track_object_path(track.track_id),
            "mpris:length": int(track.duration * 1_000_000),
            "xesam:title": track.title,
            "xesam:artist": [track.artist],
            "xesam:album": track.album,
        }

    def _volume(self) -> float:
        return float(self._controller.player.volume)

    def _position(self) -> int:
        return int(self._controller.player.position() * 1_000_000)

    def _true(self) -> bool:
        return True

    PlaybackStatus = Property(str, _status)
    Metadata = Property("QVariantMap", _metadata)
    Volume = Property(float, _volume)
    Position = Property("qlonglong", _position)
    CanGoNext = Property(bool, _true)
    CanGoPrevious = Property(bool, _true)
    CanPlay = Property(bool, _true)
    CanPause = Property(bool, _true)
    CanControl = Property(bool, _true)
    CanSeek = Property(bool, _can_seek)


class Mpris(QObject):
    """Owns the adaptors and announces changes with ``PropertiesChanged``."""

    def __init__(
        self,
        controller: PlaybackController,
        window: Any,
        bus: QDBusConnection,
        open_uris: Callable[[Sequence[str]], None] | None = None,
    ) -> None:
        super().__init__(window)
        self.bus = bus
        self.root = RootAdaptor(self, window)
        self.player = PlayerAdaptor(self, controller, open_uris)
        controller.bridge.stateChanged.connect(lambda _s: self._changed("PlaybackStatus"))
        controller.bridge.trackChanged.connect(lambda _t: self._changed("Metadata"))
        controller.bridge.seeked.connect(lambda s: self.player.Seeked.emit(round(s * 1_000_000)))

    def _changed(self, name: str) -> None:
        value = {"PlaybackStatus": self.player._status, "Metadata": self.player._metadata}[name]()
        message = QDBusMessage.createSignal(
            PATH, "org.freedesktop.DBus.Properties", "PropertiesChanged"
        )
        message.setArguments([PLAYER_IFACE, {name: value}, []])
        self.bus.send(message)


def register_mpris(
    controller: PlaybackController,
    window: Any,
    bus: QDBusConnection | None = None,
    open_uris: Callable[[Sequence[str]], None] | None = None,
) -> Mpris | None:
    """Publish Encore on the session bus; returns None when there is no bus to publish on.

    ``open_uris`` serves ``OpenUri`` (the desktop passes what ``encore-desktop FILE`` does).
    """
    bus = bus if bus is not None else QDBusConnection.sessionBus()
    if not bus.isConnected():
        return None
    mpris = Mpris(controller, window, bus, open_uris)
    if not bus.registerObject(PATH, mpris):
        return None
    if not bus.registerService(SERVICE):
        bus.unregisterObject(PATH)
        return None
    return mpris
