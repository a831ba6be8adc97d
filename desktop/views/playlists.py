"""Playlists: Liked songs and the listener's playlists; create, rename, delete, M3U import and
export; a playlist's songs played from a row, reordered (drag within the list, Move up/down)
and removed. Songs dragged from the library drop onto a playlist's name or its song list.

Every read and edit runs in a worker through :class:`~desktop.playlist_actions.PlaylistActions`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QModelIndex, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QListWidgetItem,
    QMessageBox,
    QSplitter,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.controller import PlaybackController
from desktop.likes import Likes
from desktop.models.formatting import count_of
from desktop.playlist_actions import PlaylistActions
from desktop.views.common import muted, page_layout, section
from desktop.views.order_keys import handle_order_key
from desktop.widgets.accessible import describe
from desktop.widgets.assets import icon
from desktop.widgets.playlist_names import NameRole, PlaylistNames
from desktop.widgets.playlist_tracks import PlaylistTracks
from desktop.widgets.track_list import TrackRole
from desktop.widgets.track_menu import ask_name
from engine.models import Playlist, Track

LIKED = QT_TRANSLATE_NOOP("PlaylistsView", "Liked songs")  # shown translated
M3U_FILTER = QT_TRANSLATE_NOOP("PlaylistsView", "Playlists (*.m3u *.m3u8);;All files (*)")


def _tool(bar: QToolBar, text: str, name: str, description: str) -> QToolButton:
    """A button on ``bar`` (its action's button: clicked, enabled and named like any)."""
    action = bar.addAction(text)
    action.setToolTip(description)
    button = bar.widgetForAction(action)
    assert isinstance(button, QToolButton)
    return describe(button, name, description)


class PlaylistsView(QWidget):
    def __init__(
        self,
        actions: PlaylistActions,
        likes: Likes,
        controller: PlaybackController,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.actions = actions
        self.likes = likes
        self._controller = controller
        self.current: str | None = None  # the playlist listed; None: Liked songs
        self._select_after: str | None = None  # a playlist just made or renamed
        self._keep_row = -1
        layout = page_layout(self, self.tr("Playlists"))

        self.split = split = QSplitter()
        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        self.names = describe(
            PlaylistNames(),
            self.tr("Playlists"),
            self.tr("Select a playlist to list its songs; drop songs on one"),
        )
        self.names.currentRowChanged.connect(self._row_changed)
        self.names.droppedOn.connect(actions.add_ids)
        left_box.addWidget(self.names, 1)
        # Tool bars, not button rows: at the window's narrowest the page is ~300 px wide, and
        # a tool bar folds what does not fit behind its » button.
        edit = QToolBar()
        self.new_button = _tool(
            edit, self.tr("New…"), self.tr("New playlist"), self.tr("Make a new, empty playlist")
        )
        self.rename_button = _tool(
            edit, self.tr("Rename…"), self.tr("Rename playlist"), self.tr("Rename this playlist")
        )
        self.delete_button = _tool(
            edit, self.tr("Delete"), self.tr("Delete playlist"), self.tr("Delete this playlist")
        )
        # Import and export on a row of their own: beside New/Rename/Delete they did not fit
        # the list's width at the default window size and hid behind the » button.
        files = QToolBar()
        self.import_button = _tool(
            files,
            self.tr("Import M3U…"),
            self.tr("Import M3U"),
            self.tr("A new playlist from a file"),
        )
        self.export_button = _tool(
            files,
            self.tr("Export M3U…"),
            self.tr("Export M3U"),
            self.tr("Save this playlist as M3U"),
        )
        describe(edit, self.tr("Playlist actions"), self.tr("New, rename and delete playlists"))
        describe(files, self.tr("Playlist files"), self.tr("Import and export M3U playlists"))
        left_box.addWidget(edit)
        left_box.addWidget(files)

        right = QWidget()
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(0, 0, 0, 0)
        self.title = section(self.tr(LIKED))
        right_box.addWidget(self.title)
        self.note = muted("")
        right_box.addWidget(self.note)
        self.tracks = describe(
            PlaylistTracks(),
            self.tr("Songs of the playlist"),
            self.tr("Activate a song to play the playlist from it"),
        )
        self.tracks.trackActivated.connect(lambda _t, row: self.play_from(row))
        self.tracks.droppedIn.connect(self._dropped_in)
        self.tracks.model().rowsMoved.connect(self._moved)
        self.tracks.currentRowChanged.connect(lambda _row: self._sync_rows())
        right_box.addWidget(self.tracks, 1)
        rows = QToolBar()
        self.play_button = _tool(
            rows, self.tr("Play"), self.tr("Play playlist"), self.tr("Play the list from the start")
        )
        self.up_button = _tool(
            rows,
            self.tr("Move up"),
            self.tr("Move up"),
            self.tr("Move the selected song up (Alt+Up)"),
        )
        self.down_button = _tool(
            rows,
            self.tr("Move down"),
            self.tr("Move down"),
            self.tr("Move the selected song down (Alt+Down)"),
        )
        self.remove_button = _tool(
            rows, self.tr("Remove"), self.tr("Remove"), self.tr("Remove the selected song (Delete)")
        )
        self.play_button.setIcon(icon("play"))
        self.up_button.setIcon(icon("arrow-up"))
        self.down_button.setIcon(icon("arrow-down"))
        for b in (self.play_button, self.up_button, self.down_button):
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        describe(
            rows, self.tr("Song actions"), self.tr("Play, reorder and remove the list's songs")
        )
        right_box.addWidget(rows)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([280, 560])
        layout.addWidget(split, 1)

        self.new_button.clicked.connect(self.new_playlist)
        self.rename_button.clicked.connect(self.rename_playlist)
        self.delete_button.clicked.connect(self.delete_playlist)
        self.import_button.clicked.connect(self.choose_import)
        self.export_button.clicked.connect(self.choose_export)
        self.play_button.clicked.connect(lambda: self.play_from(max(self.tracks.currentRow(), 0)))
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button.clicked.connect(lambda: self.move(1))
        self.remove_button.clicked.connect(self.remove_selected)
        self.tracks.installEventFilter(self)  # Alt+Up/Down move, Delete removes
        actions.changed.connect(self.show_playlists)
        actions.imported.connect(self._select_imported)
        likes.recorded.connect(self._likes_changed)
        self.show_playlists()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt's name
        if watched is self.tracks and handle_order_key(
            event, move=self.move, remove=self.remove_selected
        ):
            return True
        return super().eventFilter(watched, event)

    # --- the names -------------------------------------------------------------------------
    def show_playlists(self) -> None:
        """List the playlists as last read; keep (or move to) the selected one."""
        made, names = self._select_after, self.actions.names()
        if made in names or not self.actions.editing():
            # Kept while its edit is on the way: a listing read before it may come first.
            self._select_after = None
        wanted = made if made in names else self.current
        self.names.blockSignals(True)
        self.names.clear()
        liked = QListWidgetItem(icon("heart-filled"), self.tr(LIKED))
        liked.setData(NameRole, None)
        self.names.addItem(liked)
        row = 0
        for playlist in self.actions.playlists:
            item = QListWidgetItem(
                icon("playlist"), f"{playlist.name}  ·  {count_of(len(playlist.track_ids), 'song')}"
            )
            item.setData(NameRole, playlist.name)
            self.names.addItem(item)
            if playlist.name == wanted:
                row = self.names.count() - 1
        self.names.setCurrentRow(row)
        self.names.blockSignals(False)
        self._row_changed(row)

    def _row_changed(self, row: int) -> None:
        item = self.names.item(row)
        self.current = None if item is None else item.data(NameRole)
        self.load()

    def load(self) -> None:
        """Read the selected list's songs again (in a worker)."""
        name = self.current
        editable = name is not None
        for b in (self.rename_button, self.delete_button, self.export_button):
            b.setEnabled(editable)
        self._sync_rows()
        self.tracks.takes_songs = editable
        self.tracks.setDragDropMode(
            QAbstractItemView.DragDropMode.InternalMove
            if editable
            else QAbstractItemView.DragDropMode.DragOnly  # liked songs drag onto a playlist
        )
        self.remove_button.setAccessibleDescription(
            self.tr("Remove the selected song from the playlist")
            if editable
            else self.tr("Unlike the song")
        )
        # Only the read asked for last is shown: one still running is of another list, or read
        # before an edit (a move would then save what it read).
        if name is None:
            self.actions.liked(lambda tracks: self._show(None, None, tracks))
        else:
            self.actions.entries(name, lambda p, tracks: self._show(name, p, tracks))

    def _dropped_in(self, ids: list[str]) -> None:
        if self.current is not None:
            self.actions.add_ids(self.current, ids)

    def _show(self, name: str | None, playlist: Playlist | None, tracks: list[Track]) -> None:
        self.title.setText(self.tr(LIKED) if name is None else name)
        if name is None:
            empty = self.tr(
                "No liked songs yet: the heart on the now-playing bar, or Like in a menu."
            )
        else:
            empty = self.tr("No songs yet: drag songs here from the library, or Add to playlist.")
        missing = sum(1 for t in tracks if not t.path)
        note = count_of(len(tracks), "song") if tracks else empty
        if missing:
            note += self.tr(" · {count} no longer in the library").format(count=missing)
        self.note.setText(note)
        self.tracks.set_tracks(tracks, [t.album for t in tracks])
        if 0 <= self._keep_row < self.tracks.count():
            self.tracks.setCurrentRow(self._keep_row)
        self._keep_row = -1
        self._sync_rows()

    def _sync_rows(self) -> None:
        """Play needs a song that can play, the moves and Remove a selected song that can
        go that way: on an empty playlist all four looked pressable and did nothing."""
        row, count = self.tracks.currentRow(), self.tracks.count()
        selected = 0 <= row < count
        movable = selected and self.current is not None
        self.play_button.setEnabled(any(t.path for t in self.tracks.tracks()))
        self.up_button.setEnabled(movable and row > 0)
        self.down_button.setEnabled(movable and row < count - 1)
        self.remove_button.setEnabled(selected)

    def _likes_changed(self) -> None:
        if self.current is None and self.isVisible():
            self.load()

    def showEvent(self, event) -> None:  # Qt's name
        super().showEvent(event)
        self.actions.refresh()  # a save elsewhere (Home, the queue) shows when the page opens

    # --- playing ---------------------------------------------------------------------------
    def play_from(self, row: int) -> None:
        entries = self.tracks.tracks()
        playable = [t for t in entries if t.path]
        if not playable:
            return
        start = sum(1 for t in entries[:row] if t.path)  # rows above it that will play
        context = (
            self.tr(LIKED)
            if self.current is None
            else self.tr("Playlist “{name}”").format(name=self.current)
        )
        self._controller.play_tracks(playable, min(start, len(playable) - 1), context=context)

    # --- editing the songs -----------------------------------------------------------------
    def _entry_ids(self) -> list[str]:
        return [t.track_id for t in self.tracks.tracks()]

    def move(self, step: int) -> None:
        """Move the selected song one row up (-1) or down (+1)."""
        row = self.tracks.currentRow()
        target = row + step
        if self.current is None or row < 0 or not 0 <= target < self.tracks.count():
            return
        self._keep_row = target
        # The list's own move, as a drag makes it: rowsMoved saves the order (_moved).
        self.tracks.model().moveRow(QModelIndex(), row, QModelIndex(), target + (step > 0))
        self.tracks.setCurrentRow(target)

    def _moved(self, *_args: object) -> None:
        if self.current is not None:
            if self._keep_row < 0:
                self._keep_row = self.tracks.currentRow()
            self.actions.set_entries(self.current, self._entry_ids())

    def remove_selected(self) -> None:
        row = self.tracks.currentRow()
        if row < 0:
            return
        if self.current is None:
            self.likes.set_liked([self.tracks.item(row).data(TrackRole)], False)
            return
        ids = self._entry_ids()
        del ids[row]  # this entry only: the same song elsewhere in the playlist stays
        self._keep_row = min(row, len(ids) - 1)
        self.actions.set_entries(self.current, ids)

    # --- the playlists ---------------------------------------------------------------------
    def new_playlist(self) -> None:
        name = ask_name(self, self.tr("New playlist"), self.tr("Name of the new playlist:"))
        if name is not None:
            self._select_after = name
            self.actions.create(name)

    def rename_playlist(self) -> None:
        old = self.current
        if old is None:
            return
        name = ask_name(
            self, self.tr("Rename playlist"), self.tr("New name for {old}:").format(old=old), old
        )
        if name is not None and name != old:
            # A name another playlist has is refused by the store: the selection stays here
            # (it moved to that other playlist, as if the rename had gone through).
            if name.strip() not in self.actions.names():
                self._select_after = name.strip()
            self.actions.rename(old, name)

    def delete_playlist(self) -> None:
        name = self.current
        if name is None:
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Delete playlist"))
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(
            self.tr("Delete the playlist {name}? Its songs stay in the library.").format(name=name)
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        describe(
            box, self.tr("Delete playlist"), self.tr("Confirm deleting {name}").format(name=name)
        )
        if box.exec() == QMessageBox.StandardButton.Yes:
            self.actions.delete(name)

    def _select_imported(self, name: str) -> None:
        self._select_after = name  # shown selected once the listing is read again

    def choose_import(self) -> None:
        file, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import a playlist"), str(Path.home()), self.tr(M3U_FILTER)
        )
        if file:
            self.actions.import_file(file)

    def choose_export(self) -> None:
        name = self.current
        if name is None:
            return
        start = str(Path.home() / f"{name.replace('/', '-')}.m3u8")
        title = self.tr("Export {name}").format(name=name)
        file, _ = QFileDialog.getSaveFileName(self, title, start, self.tr(M3U_FILTER))
        if file:
            self.actions.export_file(name, file)
