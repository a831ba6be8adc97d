"""The play queue: what plays next, jump to a song, remove, clear."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from desktop.controller import PlaybackController
from desktop.views.common import muted, page_layout
from desktop.widgets.track_list import TrackList

# Entries listed at once: a queue can be a whole 100k library; the view shows a window of it
# around the current song (building 100k list items would freeze the window for seconds).
WINDOW = 500
BEFORE_CURRENT = 50


class QueueView(QWidget):
    def __init__(self, controller: PlaybackController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self._offset = 0  # queue index of the first listed entry
        self._stale = True
        layout = page_layout(self, "Queue")
        self.summary = muted("")
        layout.addWidget(self.summary)
        self.list = TrackList()
        self.list.trackActivated.connect(
            lambda _t, row: controller.play_queue_index(self._offset + row)
        )
        layout.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(self._remove)
        self.clear_button = QPushButton("Clear queue")
        self.clear_button.clicked.connect(controller.clear_queue)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.clear_button)
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
        if not self.isVisible():
            self._stale = True  # refreshed when shown: no work for a page nobody looks at
            return
        self._stale = False
        queue = self._controller.player.queue
        tracks = queue.tracks
        index = queue.index
        self._offset = max(0, min(index - BEFORE_CURRENT, len(tracks) - WINDOW))
        self.list.set_tracks(tracks[self._offset : self._offset + WINDOW])
        if 0 <= index - self._offset < self.list.count():
            item = self.list.item(index - self._offset)
            font = QFont(item.font())
            font.setBold(True)
            item.setFont(font)
            self.list.scrollToItem(item)
        radio = self._controller.radio
        parts = [f"{len(tracks)} songs", f"repeat {queue.repeat}"]
        if queue.shuffle:
            parts.append("shuffle")
        if radio is not None:
            parts.append(f"radio from “{radio.seed.title}”")
        self.summary.setText(" · ".join(parts))

    def _remove(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self._controller.remove_from_queue(self._offset + row)
