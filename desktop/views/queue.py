"""The play queue: what plays next, jump to a song, remove, clear."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from desktop.controller import PlaybackController
from desktop.views.common import muted, page_layout
from desktop.widgets.track_list import TrackList


class QueueView(QWidget):
    def __init__(self, controller: PlaybackController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        layout = page_layout(self, "Queue")
        self.summary = muted("")
        layout.addWidget(self.summary)
        self.list = TrackList()
        self.list.trackActivated.connect(lambda _t, row: controller.play_queue_index(row))
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

    def refresh(self) -> None:
        queue = self._controller.player.queue
        tracks = list(queue.tracks)
        self.list.set_tracks(tracks)
        index = queue.index
        if 0 <= index < len(tracks):
            item = self.list.item(index)
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
            self._controller.remove_from_queue(row)
