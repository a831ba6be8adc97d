"""Playlist reads and edits for the desktop, each run in a worker through the ``Store``
protocol and the engine's playlist code (:mod:`engine.library.playlist_files`,
:mod:`engine.library_ops.save_playlist`); nothing here decides a playlist rule.

``playlists`` is the last listing (the Playlists page and every "Add to playlist ▸" menu read
it); after each edit the listing is read again and ``changed`` says so. How each edit went is
said in the status bar; an M3U import's skipped lines (``FILE:LINE: reason``) also in a dialog.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QStatusBar, QWidget

from desktop.models.formatting import count_of
from desktop.services import Services
from desktop.status_times import NOTE_MS, READ_MS
from desktop.workers import LatestRead, Workers
from engine.library.playlist_files import ImportResult, export_m3u, import_m3u
from engine.library_ops.likes import liked_tracks
from engine.models import Playlist, Track

MISSING_TITLE = "Song no longer in the library"


class PlaylistActions(QObject):
    changed = Signal()  # ``playlists`` was read again
    imported = Signal(str)  # the name of the playlist an M3U import made (before ``changed``)

    def __init__(
        self,
        services: Services,
        workers: Workers,
        status: QStatusBar,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._workers = workers
        self._status = status
        self._dialog_parent = parent
        self.playlists: list[Playlist] = []
        self.report: QMessageBox | None = None  # the last import's skipped lines, if any
        self._pending: deque[tuple[Callable[[], Any], Callable[[Any], str], str]] = deque()
        self._listing = LatestRead(workers, "playlists")
        self._songs = LatestRead(workers, "playlist")  # one list's songs, for the page

    @property
    def _store(self):
        return self._services.store

    def names(self) -> list[str]:
        return [p.name for p in self.playlists]

    def editing(self) -> bool:
        """Whether an edit is waiting or running: a listing read now may not hold it yet."""
        return bool(self._pending)

    def refresh(self) -> None:
        self._listing.submit(lambda job: self._store.playlists(), self._got)

    def _got(self, playlists: list[Playlist]) -> None:
        self.playlists = list(playlists)
        self.changed.emit()

    def entries(self, name: str, done: Callable[[Playlist | None, list[Track]], None]) -> None:
        """Read playlist ``name`` and its songs, one per entry (a song gone from the library
        is listed as such, so rows and entries stay one to one); replaces the read of a list's
        songs still running (:meth:`liked` too)."""
        store = self._store

        def work(job) -> tuple[Playlist | None, list[Track]]:
            playlist = store.get_playlist(name)
            if playlist is None:
                return None, []
            found = store.get_tracks(list(dict.fromkeys(playlist.track_ids)))
            return playlist, [
                found.get(t) or Track(t, "", MISSING_TITLE, "", "", status="missing")
                for t in playlist.track_ids
            ]

        self._songs.submit(work, lambda result: done(*result))

    def liked(self, done: Callable[[list[Track]], None]) -> None:
        """Read the Liked songs list (the listener's likes, newest first)."""
        ctx = self._services.ctx
        self._songs.submit(lambda job: liked_tracks(ctx), done)

    # --- edits -----------------------------------------------------------------------------
    def _edit(self, work: Callable[[], Any], said: Callable[[Any], str], name: str) -> None:
        """Run ``work`` after the edits before it (two quick moves must not land in the
        store in the other order); the listing is read again once none is left."""
        self._pending.append((work, said, name))
        if len(self._pending) == 1:
            self._next_edit()

    def _next_edit(self) -> None:
        work, said, name = self._pending[0]

        def finished(message: str, timeout: int) -> None:
            self._status.showMessage(message, timeout)
            self._pending.popleft()
            if self._pending:
                self._next_edit()
            else:
                self.refresh()

        self._workers.submit(
            lambda job: work(),
            name=name,
            done=lambda result: finished(said(result), NOTE_MS),
            failed=lambda exc: finished(
                self.tr("Playlist not changed: {exc}").format(exc=exc), READ_MS
            ),
        )

    def create(self, name: str, tracks: Sequence[Track] = ()) -> None:
        ids = [t.track_id for t in tracks]
        self._edit(
            lambda: self._store.create_playlist(name, ids),
            lambda p: self.tr("New playlist: {name}").format(name=p.name),
            "playlist-create",
        )

    def add(self, name: str, tracks: Sequence[Track]) -> None:
        ids = [t.track_id for t in tracks]
        self.add_ids(name, ids)

    def add_ids(self, name: str, ids: Sequence[str]) -> None:
        self._edit(
            lambda: self._store.add_to_playlist(name, list(ids)),
            lambda _: self.tr("Added {count} to {name}").format(
                count=count_of(len(ids), "song"), name=name
            ),
            "playlist-add",
        )

    def set_entries(self, name: str, ids: Sequence[str]) -> None:
        """Save the entries in this order (a reorder, a removal)."""
        self._edit(
            lambda: self._store.set_playlist_tracks(name, list(ids)),
            lambda _: self.tr("Saved {name}").format(name=name),
            "playlist-save",
        )

    def rename(self, name: str, new_name: str) -> None:
        self._edit(
            lambda: self._store.rename_playlist(name, new_name),
            lambda _: self.tr("Renamed {name} to {new_name}").format(
                name=name, new_name=new_name.strip()
            ),
            "playlist-rename",
        )

    def delete(self, name: str) -> None:
        self._edit(
            lambda: self._store.delete_playlist(name),
            lambda _: self.tr("Deleted playlist {name}").format(name=name),
            "playlist-delete",
        )

    # --- M3U -------------------------------------------------------------------------------
    def import_file(self, file: str) -> None:
        self._edit(lambda: import_m3u(self._store, file), self._imported, "playlist-import")

    def _imported(self, result: ImportResult) -> str:
        if result.playlist is None:  # none of its songs is in the library: none was made
            self._show_report(
                self.tr(
                    "None of the songs of the playlist file is in the library: no playlist "
                    "was made."
                ),
                result.problems,
            )
            return self.tr("Playlist not imported: none of its songs is in the library")
        self.imported.emit(result.playlist.name)
        kept = len(result.playlist.track_ids)
        line = self.tr("Imported {name}: {count}").format(
            name=result.playlist.name, count=count_of(kept, "song")
        )
        if result.problems:
            line += self.tr(", {count} skipped").format(count=len(result.problems))
            if len(result.problems) == 1:  # "1 entry … were skipped" read wrong
                text = self.tr(
                    "1 entry of the playlist file could not be used and was skipped; the "
                    "playlist {name} has the rest."
                ).format(name=result.playlist.name)
            else:
                text = self.tr(
                    "{skipped} of the playlist file could not be used and were skipped; the "
                    "playlist {name} has the rest."
                ).format(
                    skipped=count_of(len(result.problems), "entry", "entries"),
                    name=result.playlist.name,
                )
            self._show_report(text, result.problems)
        return line

    def export_file(self, name: str, file: str) -> None:
        def said(result: tuple[int, list[str]]) -> str:
            written, skipped = result
            if skipped:
                self._show_report(
                    self.tr("Some songs of {name} could not be written.").format(name=name),
                    skipped,
                )
            where = os.path.basename(file)
            return self.tr("Exported {name} to {file}: {count}").format(
                name=name, file=where, count=count_of(written, "song")
            )

        self._edit(lambda: export_m3u(self._store, name, file), said, "playlist-export")

    def _show_report(self, text: str, lines: list[str]) -> None:
        box = QMessageBox(self._dialog_parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Playlist"))
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(text)
        box.setDetailedText("\n".join(lines))
        box.setAccessibleName(self.tr("Playlist report"))
        box.setAccessibleDescription(self.tr("Entries that were skipped, as FILE:LINE: reason"))
        self.report = box
        box.open()  # not exec(): the window goes on while it is shown
