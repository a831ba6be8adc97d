"""What the window remembers between runs: geometry (maximised too), splitters, the page shown,
the library table's columns and sort, volume, the last folder chosen for import, and the queue.

Everything but the queue is a QSettings INI file in ENCORE_HOME (tests give each run its own
home, so they never touch the user's); the queue, which can be a whole library, is its own
JSON file there (:mod:`desktop.models.saved_queue`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QByteArray, QObject, QRect, QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QSplitter, QStatusBar

from desktop.controller import PlaybackController
from desktop.i18n import translate
from desktop.models.saved_queue import SavedQueue, read_queue, write_queue
from desktop.services import Services
from desktop.status_times import READ_MS
from desktop.views.library import LibraryView
from desktop.widgets.sidebar import PAGES, Sidebar
from desktop.workers import Workers
from engine.models import Track

SETTINGS_FILE = "desktop.ini"
QUEUE_FILE = "queue.json"
VERSION = 1  # bump when a saved layout would no longer fit the widgets


class RememberedWindow(Protocol):
    """What is saved and restored of the main window (desktop.views.main_window.MainWindow is
    one): named here, so this module needs nothing above it."""

    services: Services
    controller: PlaybackController
    workers: Workers
    library: LibraryView
    sidebar: Sidebar

    def splitters(self) -> dict[str, QSplitter]: ...

    def saveGeometry(self) -> QByteArray: ...  # Qt's names (QWidget)

    def restoreGeometry(self, geometry: QByteArray) -> bool: ...

    def normalGeometry(self) -> QRect: ...

    def setGeometry(self, rect: QRect) -> None: ...

    def windowState(self) -> Qt.WindowState: ...

    def statusBar(self) -> QStatusBar: ...

    def installEventFilter(self, watcher: QObject) -> None: ...


class WindowState:
    def __init__(self, home: Path) -> None:
        self.settings = QSettings(str(home / SETTINGS_FILE), QSettings.Format.IniFormat)
        self.queue_file = home / QUEUE_FILE
        # The saved queue is read back in a worker: until then an empty queue on close would
        # only mean "not restored yet", and must not overwrite the file.
        self.queue_restored = False
        self.geometry_restored = False  # a saved size and place was put back

    def _bytes(self, key: str) -> QByteArray | None:
        value = self.settings.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def restore_layout(self, window: RememberedWindow) -> None:
        """Put the window back as it was; anything missing or unusable keeps its default."""
        if self.settings.value("version", type=int) != VERSION:
            return
        geometry = self._bytes("window/geometry")
        if geometry is not None:
            self.geometry_restored = window.restoreGeometry(geometry)
            self._restore_normal(window)
        for key, splitter in window.splitters().items():
            state = self._bytes(f"splitters/{key}")
            if state is not None:
                splitter.restoreState(state)
        page = self.settings.value("window/page", type=str)
        if page in {name for name, _icon in PAGES}:  # a page no longer there leaves Home
            window.sidebar.select(page)
        header = self._bytes("library/header")
        if header is not None:
            window.library.restore_header(header)
        volume = self.settings.value("playback/volume", type=float)
        if isinstance(volume, float) and 0.0 <= volume <= 1.0:
            window.controller.set_volume(volume)
        folder = self.settings.value("import/last_folder", type=str)
        if folder:
            window.library.last_folder = folder

    def _restore_normal(self, window: RememberedWindow) -> None:
        """The window's own place and size again, as it was. Qt's restoreGeometry() makes a
        window that filled the screen "fit" by guessing the title bar's height: under openbox
        it came back 5 px lower and 6 px shorter each time. The window manager places the
        saved geometry exactly as it placed it before; a screen no longer there keeps Qt's."""
        normal = self.settings.value("window/normal")
        if not isinstance(normal, QRect) or not normal.isValid():
            return
        if window.windowState() & (
            Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen
        ):
            return  # Qt's restore keeps the normal geometry for un-maximising
        if any(
            screen.availableGeometry().intersects(normal) for screen in QGuiApplication.screens()
        ):
            window.setGeometry(normal)

    def save(self, window: RememberedWindow) -> None:
        s = self.settings
        s.setValue("version", VERSION)
        s.setValue("window/geometry", window.saveGeometry())
        s.setValue("window/normal", window.normalGeometry())
        s.setValue("window/page", window.sidebar.current_page())
        for key, splitter in window.splitters().items():
            s.setValue(f"splitters/{key}", splitter.saveState())
        s.setValue("library/header", window.library.header.saved_state())
        s.setValue("playback/volume", float(window.controller.player.volume))
        if window.library.last_folder:
            s.setValue("import/last_folder", window.library.last_folder)
        s.sync()
        if self.queue_restored or window.controller.player.queue.tracks:
            write_queue(self.queue_file, window.controller.snapshot())

    def restore_queue(self, window: RememberedWindow) -> None:
        """The last run's queue, read in a worker, its song waiting paused where it was."""
        store, controller = window.services.store, window.controller

        def work(_job: object) -> tuple[SavedQueue, list[Track], Track | None] | None:
            saved = self.read_queue()
            if saved is None or not saved.track_ids:
                return None
            wanted = list(dict.fromkeys([*saved.track_ids, saved.radio_seed]))
            found = store.get_tracks([t for t in wanted if t])
            seed = found.get(saved.radio_seed) if saved.radio_seed else None
            return saved, [found[t] for t in saved.track_ids if t in found], seed

        def done(result: tuple[SavedQueue, list[Track], Track | None] | None) -> None:
            self.queue_restored = True
            # Only if nothing was started meanwhile: a song the user chose wins.
            if result is not None and not controller.player.queue.tracks:
                controller.restore(*result)

        window.workers.submit(
            work,
            name="restore-queue",
            done=done,
            failed=lambda exc: window.statusBar().showMessage(
                translate("WindowState", "Queue not restored: {exc}").format(exc=exc), READ_MS
            ),
        )

    def read_queue(self) -> SavedQueue | None:
        """The last run's queue; raises ``QueueFileError`` (one line) when it is unusable."""
        return read_queue(self.queue_file)
