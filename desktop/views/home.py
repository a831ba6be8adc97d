"""Home: popular songs (the engine's popularity from play events), recently played, mixes.

Before there is any listening history it says so, rather than inventing popularity.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from desktop.controller import PlaybackController
from desktop.models.formatting import count_of
from desktop.services import HomeData
from desktop.views.common import muted, page_layout, section
from desktop.widgets.track_list import TrackList, queue_actions

NO_HISTORY = (
    "No listening history yet. Play some songs: your most played and recently played songs "
    "will show up here."
)
NO_MIXES = "No mixes yet: import and analyse a music folder, and Encore groups it into mixes."


class HomeView(QWidget):
    mixOpened = Signal(int)  # cluster id

    def __init__(self, controller: PlaybackController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = page_layout(self, "Home")
        self.history_note = muted(NO_HISTORY)
        layout.addWidget(self.history_note)

        columns = QHBoxLayout()
        self.popular = TrackList()
        self.recent = TrackList()
        for title, widget in (("Popular", self.popular), ("Recently played", self.recent)):
            box = QVBoxLayout()
            box.addWidget(section(title))
            box.addWidget(widget, 1)
            columns.addLayout(box, 1)
            # A song picked from Home plays next: the queue is not replaced by this list.
            widget.trackActivated.connect(lambda track, _row: controller.play_now(track))
            widget.menu_actions = queue_actions(controller)
        layout.addLayout(columns, 3)

        layout.addWidget(section("Mixes for you"))
        self.mixes_note = muted(NO_MIXES)
        layout.addWidget(self.mixes_note)
        self.mixes = TrackList()
        self.mixes.setToolTip("Double-click a mix to open it")
        layout.addWidget(self.mixes, 2)
        self._mix_ids: list[int] = []
        self.mixes.itemActivated.connect(
            lambda item: self.mixOpened.emit(self._mix_ids[self.mixes.row(item)])
        )

    def show_data(self, data: HomeData) -> None:
        self.history_note.setVisible(not data.has_history)
        self.popular.set_tracks([t for t, _ in data.popular])
        self.recent.set_tracks(data.recent)
        self.popular.setVisible(data.has_history)
        self.recent.setVisible(data.has_history)
        self.mixes.clear()
        self._mix_ids = []
        for summary, first in data.mixes:
            songs = ", ".join(t.title for t in first[:3])
            self.mixes.addItem(f"{summary.name}  ·  {count_of(summary.size, 'song')}\n{songs}")
            self._mix_ids.append(summary.cluster_id)
        self.mixes_note.setVisible(not data.mixes)
