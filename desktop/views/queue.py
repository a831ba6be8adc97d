"""The play queue in the order it will play (shuffled too): jump to a song, remove (Delete),
reorder (drag, Alt+Up/Down), clear; which list it came from, and the radio with its seed and a
button to stop it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QPushButton, QWidget

from desktop.controller import PlaybackController
from desktop.models.formatting import count_of
from desktop.views.common import muted, page_layout
from desktop.views.order_keys import handle_order_key
from desktop.widgets.accessible import describe
from desktop.widgets.track_list import TrackList

# Entries listed at once: a queue can be a whole 100k library; the view shows a window of it
# around the current song (building 100k list items would freeze the window for seconds).
WINDOW = 500
BEFORE_CURRENT = 50


class QueueView(QWidget):
    saveAsPlaylist = Signal(str, object)  # name, list of Track

    def __init__(self, controller: PlaybackController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self._shown: list[int] = []  # queue index of each listed row, in play order
        self._first = 0  # the play position of the first listed row
        self._stale = True
        self._keep_row = -1  # the row selected again once the list is rebuilt (a move, a removal)
        layout = page_layout(self, self.tr("Queue"))
        self.summary = muted("")
        top = QHBoxLayout()  # beside the summary: the button row is full at the narrowest
        top.addWidget(self.summary, 1)
        layout.addLayout(top)
        self.list = describe(
            TrackList(),
            self.tr("Queue"),
            self.tr("The songs to play, in play order; drag or Alt+Up/Down to reorder"),
        )
        self.list.trackActivated.connect(
            lambda _t, row: controller.play_queue_index(self._shown[row])
        )
        # A drag within the list moves the row (Qt's own move, as in a playlist); the queue
        # follows once the drop is over: rebuilding the list inside Qt's drop handling would
        # pull the rows from under it.
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.model().rowsMoved.connect(self._dragged)
        self.list.installEventFilter(self)  # Delete removes, Alt+Up/Down moves
        layout.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.clicked.connect(self._remove)
        self.clear_button = QPushButton(self.tr("Clear queue"))
        self.clear_button.clicked.connect(controller.clear_queue)
        self.stop_radio_button = QPushButton(self.tr("Stop radio"))
        self.stop_radio_button.clicked.connect(controller.stop_radio)
        self.stop_radio_button.hide()
        self.save_button = QPushButton(self.tr("Save as playlist"))
        self.save_button.clicked.connect(self.save_as_playlist)
        describe(
            self.save_button,
            self.tr("Save as playlist"),
            self.tr("Save the queue (a radio too) as a playlist"),
        )
        top.addWidget(self.save_button)
        describe(
            self.remove_button,
            self.tr("Remove"),
            self.tr("Remove the selected song from the queue (Delete)"),
        )
        describe(self.clear_button, self.tr("Clear queue"), self.tr("Stop and empty the queue"))
        describe(
            self.stop_radio_button,
            self.tr("Stop radio"),
            self.tr("Stop adding radio songs to the queue"),
        )
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.stop_radio_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        controller.queueChanged.connect(self.refresh)
        controller.radioChanged.connect(lambda _seed: self.refresh())
        self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt's name
        if watched is self.list and handle_order_key(event, move=self.move, remove=self._remove):
            return True
        return super().eventFilter(watched, event)

    def showEvent(self, event) -> None:  # Qt's name
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        radio = self._controller.radio
        self.stop_radio_button.setVisible(radio is not None)
        if not self.isVisible():
            self._stale = True  # refreshed when shown: no work for a page nobody looks at
            return
        self._stale = False
        queue = self._controller.player.queue
        order = queue.order  # the play order: with shuffle on, what really comes next
        index = queue.index
        at = order.index(index) if index >= 0 else 0
        first = max(0, min(at - BEFORE_CURRENT, len(order) - WINDOW))
        self._first, self._shown = first, order[first : first + WINDOW]
        # The current entry, not every entry of its song: "Play next" puts a second copy in.
        self.list.playing_row = at - first if index >= 0 else -1
        self.list.set_tracks([queue.tracks[i] for i in self._shown])
        if 0 <= self._keep_row < self.list.count():
            self.list.setCurrentRow(self._keep_row)  # where the keyboard was, for the next key
        elif 0 <= self.list.playing_row < self.list.count():
            self.list.scrollToItem(self.list.item(self.list.playing_row))
        self._keep_row = -1
        repeat = {
            "off": self.tr("repeat off"),
            "all": self.tr("repeat all"),
            "one": self.tr("repeat one"),
        }[queue.repeat]
        parts = [count_of(len(order), "song"), repeat]
        if queue.shuffle:
            parts.append(self.tr("shuffled"))
        if radio is not None:
            parts.append(self.tr("radio on, from “{title}”").format(title=radio.seed.title))
        elif self._controller.radio_title:
            title = self._controller.radio_title
            parts.append(self.tr("radio off, from “{title}”").format(title=title))
        elif self._controller.context:
            parts.append(self.tr("from {context}").format(context=self._controller.context))
        self.summary.setText(" · ".join(parts))

    def save_as_playlist(self) -> None:
        """The whole queue in play order, named for where it came from."""
        queue, radio = self._controller.player.queue, self._controller.radio
        tracks = [queue.tracks[i] for i in queue.order]
        if not tracks:
            return
        title = radio.seed.title if radio is not None else self._controller.radio_title
        if title:
            name = self.tr("Radio from {title}").format(title=title)
        else:
            name = self._controller.context or self.tr("Queue")
        self.saveAsPlaylist.emit(name, tracks)

    def _remove(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self._shown):
            self._keep_row = min(row, len(self._shown) - 2)  # Delete again takes the next one
            self._controller.remove_from_queue(self._shown[row])

    def move(self, step: int) -> None:
        """Move the selected song one row up (-1) or down (+1) in the play order."""
        row = self.list.currentRow()
        target = row + step
        if 0 <= row < len(self._shown) and 0 <= target < len(self._shown):
            self._move_row(row, target)

    def _dragged(self, _parent: QModelIndex, start: int, _end: int, _dest, row: int) -> None:
        target = row if row < start else row - 1  # ``row`` counts the moved row still above it
        QTimer.singleShot(0, lambda: self._move_row(start, target))

    def _move_row(self, row: int, target: int) -> None:
        # Rows are play positions from the first listed one (the list shows a window of it).
        self._keep_row = target
        self._controller.move_in_queue(self._first + row, self._first + target)
