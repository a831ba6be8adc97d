"""The right-hand pane: what to play after the selected (or playing) song, with reasons."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from desktop.controller import PlaybackController
from desktop.services import Services
from desktop.views.common import muted, section
from desktop.widgets.assets import icon
from desktop.widgets.labels import PlainLabel
from desktop.widgets.track_list import TrackList
from desktop.workers import Workers
from engine.models import Recommendation, Track

SHOWN = 10


class RecommendationsPane(QWidget):
    def __init__(
        self,
        services: Services,
        workers: Workers,
        controller: PlaybackController,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recommendations")
        self.setMinimumWidth(280)
        self._services = services
        self._workers = workers
        self._controller = controller
        self._job = None
        self.seed: Track | None = None
        self.recommendations: list[Recommendation] = []

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 14, 14, 10)
        layout.addWidget(section("Up next for"))
        self.seed_title = PlainLabel("Select a song", name="nowTitle")
        self.seed_artist = PlainLabel("", name="nowArtist")
        layout.addWidget(self.seed_title)
        layout.addWidget(self.seed_artist)
        buttons = QHBoxLayout()
        self.radio_button = QPushButton(icon("radio"), "Start radio")
        self.radio_button.setObjectName("accent")
        self.radio_button.setEnabled(False)
        self.radio_button.clicked.connect(self._start_radio)
        buttons.addWidget(self.radio_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.status = muted("")
        layout.addWidget(self.status)
        self.list = TrackList()
        self.list.trackActivated.connect(lambda t, _row: controller.play_tracks([t]))
        self.list.menu_actions = [
            ("Play next", controller.play_next),
            ("Add to queue", lambda t: controller.add_to_queue([t])),
            ("Start radio", controller.start_radio),
        ]
        layout.addWidget(self.list, 1)

    def show_for(self, track: Track | None) -> None:
        if track is None or (self.seed is not None and track.track_id == self.seed.track_id):
            return
        self.seed = track
        self.seed_title.setText(track.title)
        self.seed_artist.setText(track.artist)
        self.radio_button.setEnabled(True)
        self.status.setText("Finding songs…")
        if self._job is not None:
            self._job.cancel()
        track_id = track.track_id
        self._job = self._workers.submit(
            lambda job: self._services.recommend(track_id, SHOWN),
            name="recommend",
            done=self._show,
            failed=lambda exc: self._show_error(str(exc)),
        )

    def refresh(self) -> None:
        seed, self.seed = self.seed, None
        self.show_for(seed)

    def _show(self, recs: list[Recommendation]) -> None:
        self._job = None
        self.recommendations = list(recs)
        self.list.set_tracks([r.track for r in recs], [r.reason for r in recs])
        if recs:
            self.status.setText("")
        else:
            self.status.setText(
                "No recommendations yet: import and analyse your music; Encore trains on it "
                "and suggests songs here."
            )

    def _show_error(self, message: str) -> None:
        self._job = None
        self.recommendations = []
        self.list.clear()
        self.status.setText(f"No recommendations: {message}")

    def _start_radio(self) -> None:
        if self.seed is not None and not self._controller.start_radio(self.seed):
            self.status.setText("Radio needs recommendations: train the library first.")
