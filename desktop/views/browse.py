"""The Albums and Artists pages wired into the window: grouping in a worker whenever the
library changed and one of them is shown, an artist's songs and top songs read in a worker,
"Show in library" filtering the Library table, and the album thumbnails' cache.

Kept out of main_window.py, which only places the two pages.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from desktop.controller import PlaybackController
from desktop.models.library_model import LibraryModel
from desktop.thumbnails import Thumbnails
from desktop.views.album_actions import AlbumActions
from desktop.views.albums import AlbumsView, ArtistsView
from desktop.views.library import LibraryView
from desktop.widgets.album_tile import COVER
from desktop.widgets.sidebar import Sidebar
from desktop.workers import Job, Workers
from engine.library.albums import Album, Artist, Row, albums, artist_rows, artists, top_songs

REGROUP_MS = 1000  # while an import fills the library, the shown grid regroups this often


class Browse(QObject):
    def __init__(
        self,
        *,
        cache_dir: Path,
        workers: Workers,
        controller: PlaybackController,
        library_model: LibraryModel,
        library: LibraryView,
        sidebar: Sidebar,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.workers = workers
        self.library_model = library_model
        self.library = library
        self.sidebar = sidebar
        self.thumbnails = Thumbnails(cache_dir, workers, COVER, parent=self)
        actions = AlbumActions(controller)
        self.albums = AlbumsView(actions, self.thumbnails)
        self.artists = ArtistsView(actions, self.thumbnails)
        self.grouped_version = -1  # the library version the pages show
        self._job: Job | None = None
        self._regroup = QTimer(self)
        self._regroup.setSingleShot(True)
        self._regroup.setInterval(REGROUP_MS)
        self._regroup.timeout.connect(self.refresh)
        for signal in (library_model.modelReset, library_model.rowsInserted):
            signal.connect(self._library_changed)
        sidebar.currentRowChanged.connect(lambda _row: self.refresh())
        self.albums.showInLibrary.connect(self.show_in_library)
        self.artists.showInLibrary.connect(self.show_in_library)
        self.albums.artistRequested.connect(self.open_artist)
        self.artists.artistOpened.connect(self._load_artist_songs)

    def shown(self) -> bool:
        return self.sidebar.currentItem() is not None and self.sidebar.currentItem().text() in (
            "Albums",
            "Artists",
        )

    def _library_changed(self) -> None:
        if self.shown() and self.library_model.version != self.grouped_version:
            self._regroup.start()  # not at once: an import resets the table every second

    def refresh(self) -> None:
        """Group the library again in a worker if it changed since the pages were filled and
        one of them is shown (a hidden grid is regrouped when it is opened)."""
        version = self.library_model.version
        if not self.shown() or version == self.grouped_version or self._job is not None:
            return
        rows = self.library_model.rows()  # a list of references: cheap on the GUI thread

        def work(job: Job) -> tuple[list[Album], list[Artist]]:
            found = albums(rows)
            return found, artists(found)

        def done(result: tuple[list[Album], list[Artist]]) -> None:
            self._job = None
            self.grouped_version = version
            self.albums.set_albums(result[0])
            self.artists.set_artists(result[1])
            self.refresh()  # the library may have changed meanwhile

        def failed(_exc: BaseException) -> None:
            self._job = None

        self._job = self.workers.submit(work, name="albums", done=done, failed=failed)

    def _load_artist_songs(self, artist: Artist) -> None:
        rows, plays = self.library_model.rows(), self.library_model.play_counts()

        def work(job: Job) -> tuple[list[Row], list[Row]]:
            songs = artist_rows(artist, rows)
            return songs, top_songs(songs, plays)

        self.workers.submit(
            work,
            name="artist-songs",
            done=lambda found: self.artists.page.set_songs(artist.key, *found, plays),
        )

    def open_artist(self, key: str) -> None:
        self.sidebar.select("Artists")
        self.artists.open_key(key)

    def show_in_library(self, label: str, track_ids: list[str]) -> None:
        self.library.show_only(label, track_ids)
        self.sidebar.select("Library")
