"""MPRIS over D-Bus: media keys and desktop widgets control Encore when a session bus exists.

Two adaptors on ``/org/mpris/MediaPlayer2`` under the bus name ``org.mpris.MediaPlayer2.encore``:
the root interface (identity, raise, quit) and the Player interface (transport, seeking,
status, metadata with the cover, volume, loop and shuffle — the writable ones set from outside).
Everything goes through the :class:`~desktop.controller.PlaybackController`, like the buttons do.
Without a session bus (headless, CI) nothing is registered.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import ClassInfo, Property, QObject, QUrl, Signal, Slot
from PySide6.QtDBus import QDBusAbstractAdaptor, QDBusConnection, QDBusMessage, QDBusObjectPath
from PySide6.QtWidgets import QWidget

from desktop.app_id import APP_ID
from desktop.controller import PlaybackController
from desktop.desktop_entry import mime_types
from desktop.single_instance import bring_to_front
from desktop.workers import Workers
from engine.library.covers import cover_file
from engine.models import Track

SERVICE = "org.mpris.MediaPlayer2.encore"
PATH = "/org/mpris/MediaPlayer2"
ROOT_IFACE = "org.mpris.MediaPlayer2"
PLAYER_IFACE = "org.mpris.MediaPlayer2.Player"
STATUS = {"playing": "Playing", "paused": "Paused"}
LOOP = {"off": "None", "all": "Playlist", "one": "Track"}  # repeat mode -> MPRIS LoopStatus


def track_object_path(track_id: str) -> str:
    """The MPRIS ``mpris:trackid`` of a track (a D-Bus object path)."""
    return f"/org/encore/track/{track_id[:32] or 'none'}"


@ClassInfo({"D-Bus Interface": ROOT_IFACE})
class RootAdaptor(QDBusAbstractAdaptor):
    def __init__(self, parent: QObject, window: QWidget) -> None:
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
        self.art_urls: dict[str, str] = {}  # track path -> file:// URL of its cover (Mpris fills)

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

    def _loop_status(self) -> str:
        return LOOP[self._controller.player.queue.repeat]

    def _set_loop_status(self, value: str) -> None:
        mode = next((mode for mode, name in LOOP.items() if name == value), None)
        if mode is not None:  # an unknown name from a client is ignored, as MPRIS asks
            self._controller.set_repeat(mode)

    def _shuffle(self) -> bool:
        return bool(self._controller.player.queue.shuffle)

    def _set_shuffle(self, on: bool) -> None:
        self._controller.set_shuffle(bool(on))

    def _rate(self) -> float:
        return 1.0

    def _set_rate(self, rate: float) -> None:
        # Only 1.0 is offered (Minimum = Maximum); MPRIS: a rate of 0 means pause.
        if rate <= 0.0:
            self.Pause()

    def _metadata(self) -> dict:
        track = self._controller.player.current
        if track is None:
            return {}
        metadata = {
            "mpris:trackid": QDBusObjectPath(track_object_path(track.track_id)),
            "mpris:length": int(track.duration * 1_000_000),
            "xesam:title": track.title,
            "xesam:artist": [track.artist],
            "xesam:album": track.album,
            "xesam:url": QUrl.fromLocalFile(track.path).toString(),
        }
        if track.album_artist:
            metadata["xesam:albumArtist"] = [track.album_artist]
        if track.track_no:
            metadata["xesam:trackNumber"] = int(track.track_no)
        art = self.art_urls.get(track.path)
        if art:
            metadata["mpris:artUrl"] = art
        return metadata

    def _volume(self) -> float:
        return float(self._controller.player.volume)

    def _set_volume(self, volume: float) -> None:
        self._controller.set_volume(float(volume))  # clamped to 0..1 by the controller

    def _position(self) -> int:
        return int(self._controller.player.position() * 1_000_000)

    def _true(self) -> bool:
        return True

    PlaybackStatus = Property(str, _status)
    LoopStatus = Property(str, _loop_status, _set_loop_status)
    Shuffle = Property(bool, _shuffle, _set_shuffle)
    Rate = Property(float, _rate, _set_rate)
    MinimumRate = Property(float, _rate)
    MaximumRate = Property(float, _rate)
    Metadata = Property("QVariantMap", _metadata)
    Volume = Property(float, _volume, _set_volume)
    Position = Property("qlonglong", _position)
    CanGoNext = Property(bool, _true)
    CanGoPrevious = Property(bool, _true)
    CanPlay = Property(bool, _true)
    CanPause = Property(bool, _true)
    CanControl = Property(bool, _true)
    CanSeek = Property(bool, _can_seek)


class Mpris(QObject):
    """Owns the adaptors and announces every change of a property with ``PropertiesChanged``.

    Each watched property is read again whenever the player, the queue modes or the volume
    change, and only the ones whose value differs from what was last sent go on the bus.
    """

    WATCHED = ("PlaybackStatus", "Metadata", "LoopStatus", "Shuffle", "Volume", "CanSeek")
    ART_URLS_KEPT = 256

    def __init__(
        self,
        controller: PlaybackController,
        window: QWidget,
        bus: QDBusConnection,
        open_uris: Callable[[Sequence[str]], None] | None = None,
        workers: Workers | None = None,
        cache_dir: Path | None = None,
    ) -> None:
        super().__init__(window)
        self.bus = bus
        self.root = RootAdaptor(self, window)
        self.player = PlayerAdaptor(self, controller, open_uris)
        self._workers = workers
        self._cache_dir = cache_dir
        self._sent = {name: _comparable(self._read(name)) for name in self.WATCHED}
        controller.bridge.stateChanged.connect(lambda _s: self.announce())
        controller.bridge.trackChanged.connect(self._on_track)
        controller.queueChanged.connect(self.announce)
        controller.volumeChanged.connect(lambda _v: self.announce())
        controller.bridge.seeked.connect(lambda s: self.player.Seeked.emit(round(s * 1_000_000)))

    def _read(self, name: str) -> object:
        return getattr(self.player, name)

    def announce(self) -> None:
        """Send ``PropertiesChanged`` for the watched properties that changed since last time."""
        changed = {}
        for name in self.WATCHED:
            value = self._read(name)
            key = _comparable(value)
            if key != self._sent[name]:
                self._sent[name] = key
                changed[name] = value
        if not changed:
            return
        message = QDBusMessage.createSignal(
            PATH, "org.freedesktop.DBus.Properties", "PropertiesChanged"
        )
        message.setArguments([PLAYER_IFACE, changed, []])
        self.bus.send(message)

    def _on_track(self, track: Track | None) -> None:
        self.announce()  # at once, without the cover if it is not known yet
        if track is None or track.path in self.player.art_urls:
            return
        if self._workers is None or self._cache_dir is None:
            return
        path, cache_dir = track.path, self._cache_dir

        def done(cover: Path | None) -> None:
            urls = self.player.art_urls
            if len(urls) >= self.ART_URLS_KEPT:
                urls.clear()
            urls[path] = QUrl.fromLocalFile(str(cover)).toString() if cover else ""
            self.announce()  # Metadata again, now with mpris:artUrl

        # Reading tags and writing the picture is file I/O: off the GUI thread.
        self._workers.submit(lambda _job: cover_file(path, cache_dir), name="mpris-art", done=done)


def _comparable(value: object) -> object:
    # QDBusObjectPath has no value equality; compare Metadata by the paths it names.
    if isinstance(value, dict):
        return {k: _comparable(v) for k, v in value.items()}
    if isinstance(value, QDBusObjectPath):
        return ("objpath", value.path())
    return value


def register_mpris(
    controller: PlaybackController,
    window: QWidget,
    bus: QDBusConnection | None = None,
    open_uris: Callable[[Sequence[str]], None] | None = None,
    workers: Workers | None = None,
    cache_dir: Path | None = None,
) -> Mpris | None:
    """Publish Encore on the session bus; returns None when there is no bus to publish on.

    ``open_uris`` serves ``OpenUri`` (the desktop passes what ``encore-desktop FILE`` does);
    with ``workers`` and ``cache_dir`` the metadata carries the cover as ``mpris:artUrl``.
    """
    bus = bus if bus is not None else QDBusConnection.sessionBus()
    if not bus.isConnected():
        return None
    mpris = Mpris(controller, window, bus, open_uris, workers, cache_dir)
    if not bus.registerObject(PATH, mpris):
        return None
    if not bus.registerService(SERVICE):
        bus.unregisterObject(PATH)
        return None
    return mpris
