"""The Albums and Artists pages wired into the window: grouping in a worker whenever the
library changed and one of them is shown, an artist's songs and top songs read in a worker,
"Show in library" filtering the Library table, and the album thumbnails' cache.

Kept out of main_window.py, which only places the two pages.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from desktop.controller import PlaybackController
from desktop.models.collation import collation_ranks
from desktop.models.library_model import LibraryModel
from desktop.thumbnails import Thumbnails
from desktop.views.album_actions import AlbumActions
from desktop.views.albums import AlbumsView, ArtistsView
from desktop.views.library import LibraryView
from desktop.widgets.album_tile import COVER
from desktop.widgets.sidebar import Sidebar
from desktop.workers import Job, Workers
from engine.library.albums import (
    Album,
    Artist,
    Row,
    albums,
    artist_key,
    artist_rows,
    artists,
    top_songs,
)
from engine.models import Track

REGROUP_MS = 1000  # while an import fills the library, the shown grid regroups this often…
REGROUP_SHARE = 3  # …or less: waiting 3× as long as the last grouping took (0.9 s at 100k)


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
        self._album_of: dict[str, Album] = {}  # track id -> its album, as grouped
        self._after: list[Callable[[], None]] = []  # waiting for the grouping in progress
        self._job: Job | None = None
        self._regroup = QTimer(self)
        self._regroup.setSingleShot(True)
        self._regroup.setInterval(REGROUP_MS)
        self._regroup.timeout.connect(self.refresh)
        for signal in (library_model.modelReset, library_model.rowsInserted):
            signal.connect(self._library_changed)
        sidebar.currentRowChanged.connect(lambda _row: self.refresh())
        sidebar.pageReselected.connect(self._back_to_list)
        self.albums.showInLibrary.connect(self.show_in_library)
        self.artists.showInLibrary.connect(self.show_in_library)
        self.albums.artistRequested.connect(self.open_artist)
        self.artists.artistOpened.connect(self._load_artist_songs)
        library.albumRequested.connect(self.go_to_album)
        library.artistRequested.connect(self.go_to_artist)

    def _back_to_list(self, page: str) -> None:
        """Albums or Artists clicked on an album's or an artist's page: back to the list."""
        if page == "Albums":
            self.albums.show_grid()
        elif page == "Artists":
            self.artists.show_list()

    def shown(self) -> bool:
        return self.sidebar.current_page() in ("Albums", "Artists")

    def _library_changed(self) -> None:
        changed = self.library_model.version != self.grouped_version
        # Not at once, and not restarted by each reload: an import reloads every 1.5 s.
        if changed and self.shown() and not self._regroup.isActive():
            self._regroup.start()

    def refresh(self, *, force: bool = False) -> None:
        """Group the library again in a worker if it changed since the pages were filled and
        one of them is shown (a hidden grid is regrouped when it is opened, or ``force``)."""
        version = self.library_model.version
        if version == self.grouped_version:
            self._run_after()
            return
        if not (self.shown() or force) or self._job is not None:
            return
        rows = self.library_model.rows()  # a list of references: cheap on the GUI thread
        started = time.monotonic()

        def work(job: Job) -> tuple[list[Album], list[Artist], dict[str, Album]]:
            found = albums(rows, collation_ranks)
            album_of = {r[0]: album for album in found for r in album.rows}
            return found, artists(found, collation_ranks), album_of

        def done(result: tuple[list[Album], list[Artist], dict[str, Album]]) -> None:
            self._job = None
            self.grouped_version = version
            self.albums.set_albums(result[0])
            self.artists.set_artists(result[1])
            self._album_of = result[2]
            took_ms = (time.monotonic() - started) * 1000
            self._regroup.setInterval(max(REGROUP_MS, round(REGROUP_SHARE * took_ms)))
            if self._after:
                self.refresh(force=True)
            else:
                self._library_changed()  # changed meanwhile: regroup, but not at once

        def failed(_exc: BaseException) -> None:
            self._job = None
            self._after.clear()

        self._job = self.workers.submit(work, name="albums", done=done, failed=failed)

    def _when_grouped(self, then: Callable[[], None]) -> None:
        self._after.append(then)
        self.refresh(force=True)

    def _run_after(self) -> None:
        waiting, self._after = self._after, []
        for then in waiting:
            then()

    def go_to_album(self, track: Track) -> None:
        """Open the album ``track`` is on (from the Library's context menu)."""

        def open_it() -> None:
            album = self._album_of.get(track.track_id)
            if album is not None:
                self.sidebar.select("Albums")
                self.albums.open_album(album)

        self._when_grouped(open_it)

    def go_to_artist(self, track: Track) -> None:
        """Open the page of ``track``'s artist, else of its album's artist (a guest on a
        compilation has no page of their own)."""

        def open_it() -> None:
            album = self._album_of.get(track.track_id)
            for key in (artist_key(track.artist), album.artist_key if album else None):
                if key is not None and self.artists.model.find(key) is not None:
                    self.open_artist(key)
                    return

        self._when_grouped(open_it)

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
