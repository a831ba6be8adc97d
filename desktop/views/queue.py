"""The play queue in the order it will play (shuffled too): jump to a song, remove, clear; which
list it came from, and the radio with its seed and a button to stop it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from desktop.controller import PlaybackController
from desktop.models.formatting import count_of
from desktop.views.common import muted, page_layout
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
        self._stale = True
        layout = page_layout(self, self.tr("Queue"))
        self.summary = muted("")
        top = QHBoxLayout()  # beside the summary: the button row is full at the narrowest
        top.addWidget(self.summary, 1)
        layout.addLayout(top)
        self.list = describe(
            TrackList(), self.tr("Queue"), self.tr("The songs to play, in play order")
        )
        self.list.trackActivated.connect(
            lambda _t, row: controller.play_queue_index(self._shown[row])
        )
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
            self.tr("Remove the selected song from the queue"),
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
        self._shown = order[first : first + WINDOW]
        # The current entry, not every entry of its song: "Play next" puts a second copy in.
        self.list.playing_row = at - first if index >= 0 else -1
        self.list.set_tracks([queue.tracks[i] for i in self._shown])
        if 0 <= self.list.playing_row < self.list.count():
            self.list.scrollToItem(self.list.item(self.list.playing_row))
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
        elif self._controller.context:
            parts.append(self.tr("from {context}").format(context=self._controller.context))
        self.summary.setText(" · ".join(parts))

    def save_as_playlist(self) -> None:
        """The whole queue in play order, named for where it came from."""
        queue, radio = self._controller.player.queue, self._controller.radio
        tracks = [queue.tracks[i] for i in queue.order]
        if not tracks:
            return
        if radio is not None:
            name = self.tr("Radio from {title}").format(title=radio.seed.title)
        else:
            name = self._controller.context or self.tr("Queue")
        self.saveAsPlaylist.emit(name, tracks)

    def _remove(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self._shown):
            self._controller.remove_from_queue(self._shown[row])
