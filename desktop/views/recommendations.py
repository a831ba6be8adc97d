"""The right-hand pane: songs that sound like the selected (or playing) one, with reasons.

Not the queue (that is the Queue page): these are suggestions; double-click one to play it
now, or start a radio from the song.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from desktop.controller import PlaybackController
from desktop.phrase_text import shown
from desktop.services import Services
from desktop.views.common import muted, section
from desktop.widgets.accessible import describe
from desktop.widgets.assets import icon
from desktop.widgets.labels import PlainLabel
from desktop.widgets.track_list import TrackList, queue_actions
from desktop.workers import Workers
from engine.models import Recommendation, Track
from engine.recommend.recommender import NotAnalysedError

SHOWN = 10


class RecommendationsPane(QWidget):
    saveAsPlaylist = Signal(str, object)  # name, list of Track

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
        self.heading = section(self.tr("Similar to"))
        layout.addWidget(self.heading)
        self.seed_title = PlainLabel(self.tr("Select a song"), name="nowTitle", elide=True)
        self.seed_artist = PlainLabel("", name="nowArtist", elide=True)
        layout.addWidget(self.seed_title)
        layout.addWidget(self.seed_artist)
        buttons = QHBoxLayout()
        self.radio_button = QPushButton(icon("radio"), self.tr("Start radio"))
        self.radio_button.setObjectName("accent")
        self.radio_button.setEnabled(False)
        describe(
            self.radio_button,
            self.tr("Start radio"),
            self.tr("Keep the queue filled with songs like this one"),
        )
        self.radio_button.clicked.connect(self._radio_clicked)
        controller.radioChanged.connect(lambda _seed: self._sync_radio())
        buttons.addWidget(self.radio_button)
        self.save_button = describe(
            QPushButton(self.tr("Save")),
            self.tr("Save as playlist"),
            self.tr("Save these songs as a playlist"),
        )
        self.save_button.setToolTip(self.tr("Save these songs as a playlist"))
        self.save_button.clicked.connect(self.save_as_playlist)
        self.save_button.setEnabled(False)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.status = muted("")
        self.importing = False  # set by the window while an import runs: radio's note says so
        layout.addWidget(self.status)
        self.list = describe(
            TrackList(),
            self.tr("Similar songs"),
            self.tr("Songs that sound like it; activate one to play it now"),
        )
        # A recommendation plays now, and the queue (a radio too) carries on after it.
        self.list.trackActivated.connect(lambda track, _row: controller.play_now(track))
        self.list.menu_actions = queue_actions(controller)
        layout.addWidget(self.list, 1)

    def show_for(self, track: Track | None) -> None:
        if track is None or (self.seed is not None and track.track_id == self.seed.track_id):
            return
        self.seed = track
        self._services.wanted.add(track.track_id)  # analysed next if an import is running
        self.seed_title.setText(track.title)
        self.seed_artist.setText(
            self.tr("{artist} — {album}").format(artist=track.artist, album=track.album)
        )
        self.radio_button.setEnabled(True)
        self._sync_radio()
        self._say(self.tr("Finding songs…"))
        if self._job is not None:
            self._job.cancel()
        track_id = track.track_id
        self._job = self._workers.submit(
            lambda job: self._services.recommend(track_id, SHOWN),
            name="recommend",
            done=self._show,
            failed=self._show_error,
        )

    def _say(self, text: str) -> None:
        """The note under the buttons, laid out at once: a note that wraps to two lines ("Not
        analysed yet: …") was painted one line high, cut in half, until the layout's next pass
        after a song change."""
        self.status.setText(text)
        layout = self.layout()
        if layout is not None:
            layout.activate()

    def refresh(self) -> None:
        seed, self.seed = self.seed, None
        self.show_for(seed)

    def _show(self, recs: list[Recommendation]) -> None:
        self._job = None
        self.recommendations = list(recs)
        self.save_button.setEnabled(bool(recs))
        self.list.set_tracks(
            [r.track for r in recs], [f"{r.track.album} · {shown(r.reason)}" for r in recs]
        )
        if recs:
            self._say("")
        else:
            self._say(
                self.tr(
                    "No recommendations yet: import your music; similar songs appear here as soon "
                    "as they are analysed."
                )
            )

    def save_as_playlist(self) -> None:
        if self.seed is not None and self.recommendations:
            tracks = [r.track for r in self.recommendations]
            self.saveAsPlaylist.emit(
                self.tr("Similar to {title}").format(title=self.seed.title), tracks
            )

    def _show_error(self, error: BaseException) -> None:
        self._job = None
        self.recommendations = []
        self.save_button.setEnabled(False)
        self.list.clear()
        if isinstance(error, NotAnalysedError):  # not the CLI's "run `encore analyze`"
            self._say(self.tr("Not analysed yet: similar songs appear here as soon as it is."))
        else:
            self._say(self.tr("No recommendations: {message}").format(message=error))

    def _radio_on_seed(self) -> bool:
        radio = self._controller.radio
        return (
            radio is not None
            and self.seed is not None
            and radio.seed.track_id == self.seed.track_id
        )

    def _sync_radio(self) -> None:
        text = self.tr("Stop radio") if self._radio_on_seed() else self.tr("Start radio")
        self.radio_button.setText(text)
        self.radio_button.setAccessibleName(text)

    def _radio_clicked(self) -> None:
        if self._radio_on_seed():
            self._controller.stop_radio()
            return
        if self.seed is not None and not self._controller.start_radio(self.seed):
            self._say(
                self.tr("Radio needs analysed songs: they are being analysed, try again shortly.")
                if self.importing
                else self.tr("Radio needs analysed songs: import a music folder first.")
            )
