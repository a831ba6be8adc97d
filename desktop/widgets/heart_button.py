"""The heart on the now-playing bar: filled when the current song is liked; a click likes or
unlikes it (desktop/likes.py records the event)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QToolButton, QWidget

from desktop.controller import PlaybackController
from desktop.likes import Likes
from desktop.widgets.accessible import describe
from desktop.widgets.assets import icon
from engine.models import Track


class HeartButton(QToolButton):
    def __init__(
        self, likes: Likes, controller: PlaybackController, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("heartButton")
        self.setCheckable(True)
        self.setAutoRaise(True)
        self.setIconSize(QSize(20, 20))
        self._likes = likes
        self._controller = controller
        self.track: Track | None = None
        describe(self, self.tr("Like"), self.tr("Add the playing song to Liked songs"))
        self.clicked.connect(self._clicked)
        likes.changed.connect(self.sync)
        controller.bridge.trackChanged.connect(self.show_track)
        controller.cued.connect(lambda track, _position: self.show_track(track))
        self.show_track(controller.player.current)

    def show_track(self, track: Track | None) -> None:
        self.track = track
        self.sync()

    def sync(self) -> None:
        track = self.track
        liked = track is not None and self._likes.is_liked(track.track_id)
        self.setEnabled(track is not None)
        self.setChecked(liked)
        self.setIcon(icon("heart-filled" if liked else "heart"))
        self.setToolTip(self.tr("Unlike this song") if liked else self.tr("Like this song"))
        self.setAccessibleName(self.tr("Unlike") if liked else self.tr("Like"))
        self.setAccessibleDescription(
            self.tr("Remove the playing song from Liked songs")
            if liked
            else self.tr("Add the playing song to Liked songs")
        )

    def _clicked(self) -> None:
        if self.track is not None:
            self._likes.set_liked([self.track], not self._likes.is_liked(self.track.track_id))
        self.sync()
