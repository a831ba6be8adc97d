"""The bar at the bottom: cover, title/artist, transport, seek with elapsed/remaining, volume,
shuffle and repeat."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QSlider, QToolButton, QVBoxLayout, QWidget

from desktop.controller import PlaybackController
from desktop.models.formatting import format_duration, plain_tooltip
from desktop.widgets.accessible import describe
from desktop.widgets.assets import icon
from desktop.widgets.cover_art import CoverLabel
from desktop.widgets.labels import PlainLabel, elided
from desktop.widgets.seek_slider import SeekSlider, value_under
from desktop.workers import Workers
from engine.models import Track

SEEK_STEPS_PER_SECOND = 10
POLL_MS = 250


def remaining_text(duration: float, position: float) -> str:
    """The time left ("-0:28") in a song of known length; blank without one (nothing loaded,
    or a file that does not say how long it is): "-0:00" would claim it is over."""
    if duration <= 0:
        return ""
    return "-" + format_duration(max(duration - position, 0.0))


def _button(name: str, tip: str, size: int = 20, *, spoken: str = "") -> QToolButton:
    """An icon button; ``spoken`` is its accessible name (the tooltip describes it)."""
    button = QToolButton()
    button.setIcon(icon(name))
    button.setIconSize(QSize(size, size))
    button.setToolTip(tip)
    button.setAutoRaise(True)
    return describe(button, spoken or tip, tip)


class VolumeSlider(QSlider):
    """Keeps ←/→ for itself while focused (the window's ←/→ seek everywhere else), and a
    click sets the volume under the pointer, as the seek bar does: QSlider's own click only
    stepped 10 % towards it (a click at a quarter of the bar left the volume at 90 %)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # Qt's name
        if event.button() == Qt.MouseButton.LeftButton:
            self.setValue(value_under(self, event.position().toPoint()))
        super().mousePressEvent(event)  # now on the handle: a drag goes on from here

    def event(self, event: QEvent) -> bool:  # Qt's name
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right)
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
        ):
            event.accept()  # claimed: the key press comes to this slider, not to a shortcut
            return True
        return super().event(event)


class NowPlayingBar(QWidget):
    def __init__(
        self, controller: PlaybackController, workers: Workers, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("nowPlaying")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._controller = controller
        self._workers = workers
        self._cover_job = None
        player = controller.player

        self.cover = CoverLabel(56)
        self.title = PlainLabel(self.tr("Nothing playing"), name="nowTitle", elide=True)
        self.artist = PlainLabel("", name="nowArtist", elide=True)
        # Radio on: which seed it follows, and a click stops it.
        self.radio_chip = QToolButton()
        self.radio_chip.setObjectName("radioChip")
        self.radio_chip.setIcon(icon("radio"))
        self.radio_chip.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.radio_chip.clicked.connect(controller.stop_radio)
        describe(self.radio_chip, self.tr("Radio"), self.tr("Radio is on; activate to stop it"))
        info = QVBoxLayout()
        info.setSpacing(2)
        info.addStretch(1)
        info.addWidget(self.title)
        info.addWidget(self.artist)
        info.addWidget(self.radio_chip)
        info.addStretch(1)
        info_box = QWidget()
        info_box.setObjectName("nowInfo")
        info_box.setLayout(info)
        info_box.setFixedWidth(240)
        # Room for the radio line whether it shows or not: starting or stopping radio must not
        # make the bar taller or shorter and move every page above it.
        info_box.setMinimumHeight(info.sizeHint().height())
        self.radio_chip.hide()

        self.shuffle_button = _button(
            "shuffle", self.tr("Shuffle the queue"), 18, spoken=self.tr("Shuffle")
        )
        self.shuffle_button.setCheckable(True)
        self.previous_button = _button(
            "previous", self.tr("Previous song (Ctrl+Left)"), spoken=self.tr("Previous")
        )
        self.play_button = _button(
            "play", self.tr("Play or pause (Space)"), 22, spoken=self.tr("Play")
        )
        self.play_button.setObjectName("playButton")
        self.play_button.setFixedSize(38, 38)
        self.next_button = _button(
            "next", self.tr("Next song (Ctrl+Right)"), spoken=self.tr("Next")
        )
        self.repeat_button = _button("repeat", self.tr("Repeat: off"), 18, spoken=self.tr("Repeat"))
        self.repeat_button.setCheckable(True)

        transport = QHBoxLayout()
        transport.setSpacing(10)
        transport.addStretch(1)
        for b in (
            self.shuffle_button,
            self.previous_button,
            self.play_button,
            self.next_button,
            self.repeat_button,
        ):
            transport.addWidget(b)
        transport.addStretch(1)

        self.elapsed = PlainLabel("0:00", name="muted")
        self.remaining = PlainLabel(remaining_text(0.0, 0.0), name="muted")
        # Blank while no length is known: keep its place so the seek bar does not jump.
        self.remaining.setMinimumWidth(self.remaining.fontMetrics().horizontalAdvance("-0:00"))
        self.seek_slider = describe(
            SeekSlider(),
            self.tr("Position"),
            self.tr("Where the song is; click or drag to seek, ←/→ by 5 s"),
        )
        self.seek_slider.setRange(0, 0)
        seek_row = QHBoxLayout()
        seek_row.addWidget(self.elapsed)
        seek_row.addWidget(self.seek_slider, 1)
        seek_row.addWidget(self.remaining)
        centre = QVBoxLayout()
        centre.setSpacing(2)
        centre.addLayout(transport)
        centre.addLayout(seek_row)

        volume_icon = _button(
            "volume", self.tr("Volume (Ctrl+Up/Down)"), 18, spoken=self.tr("Volume icon")
        )
        volume_icon.setEnabled(False)
        self.volume_slider = describe(
            VolumeSlider(), self.tr("Volume"), self.tr("Playback volume (Ctrl+Up/Down)")
        )
        self.volume_slider.setRange(0, 100)
        self.volume_slider.setFixedWidth(110)
        self.volume_slider.setValue(round(player.volume * 100))

        row = QHBoxLayout(self)
        row.setContentsMargins(12, 8, 16, 8)
        row.addWidget(self.cover)
        row.addWidget(info_box)
        row.addLayout(centre, 1)
        row.addWidget(volume_icon)
        row.addWidget(self.volume_slider)

        self.play_button.clicked.connect(controller.toggle)
        self.next_button.clicked.connect(controller.next)
        self.previous_button.clicked.connect(controller.previous)
        self.shuffle_button.toggled.connect(controller.set_shuffle)
        self.repeat_button.clicked.connect(self._cycle_repeat)
        self.volume_slider.valueChanged.connect(lambda v: controller.set_volume(v / 100))
        controller.volumeChanged.connect(self._show_volume)
        self.seek_slider.previewed.connect(
            lambda value: self._show_time(value / SEEK_STEPS_PER_SECOND)
        )
        self.seek_slider.seekRequested.connect(
            lambda value: controller.seek(value / SEEK_STEPS_PER_SECOND)
        )
        controller.bridge.trackChanged.connect(self.show_track)
        controller.bridge.stateChanged.connect(self.show_state)
        controller.queueChanged.connect(self._sync_modes)
        controller.radioChanged.connect(self.show_radio)
        controller.cued.connect(self.show_cued)

        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.update_position)
        self._timer.start()
        self._duration = 0.0

    def add_beside_title(self, widget: QWidget) -> None:
        """A control for the playing song right of its title (the heart)."""
        self.layout().insertWidget(2, widget)

    # --- reacting to the player --------------------------------------------------------------
    def show_track(self, track: Track | None) -> None:
        if track is None:
            self.title.setText(self.tr("Nothing playing"))
            self.artist.setText("")
            self.cover.clear_cover()
            self._duration = 0.0
            self.seek_slider.setRange(0, 0)
            self._show_time(0.0)
            return
        self.title.setText(track.title)
        self.artist.setText(
            self.tr("{artist} — {album}").format(artist=track.artist, album=track.album)
        )
        self._duration = float(track.duration or 0.0)
        self.seek_slider.setRange(0, int(self._duration * SEEK_STEPS_PER_SECOND))
        if self._cover_job is not None:
            self._cover_job.cancel()
        path = track.path
        self._cover_job = self._workers.submit(
            self.cover.loader(path), name="cover", done=self.cover.set_cover_image
        )
        self.update_position()

    def show_cued(self, track: Track, position: float) -> None:
        """A song restored from the last run, paused at ``position`` until play."""
        self.show_track(track)
        self.seek_slider.setValue(int(position * SEEK_STEPS_PER_SECOND))
        self._show_time(position)
        self.show_state("paused")

    def show_radio(self, seed: Track | None) -> None:
        if seed is None:
            self.radio_chip.hide()
            return
        text = elided(self.radio_chip, self.tr("Radio: {title}").format(title=seed.title), 200)
        self.radio_chip.setText(text.replace("&", "&&"))  # "&" would mark a shortcut key
        tip = self.tr("Radio from {title} — click to stop it").format(title=seed.title)
        self.radio_chip.setToolTip(plain_tooltip(tip))
        self.radio_chip.show()

    def show_state(self, state: str) -> None:
        self.play_button.setIcon(icon("pause" if state == "playing" else "play"))
        self.play_button.setAccessibleName(
            self.tr("Pause") if state == "playing" else self.tr("Play")
        )

    def update_position(self) -> None:
        player = self._controller.player
        if player.current is None:
            return
        if self.seek_slider.isSliderDown():
            return  # the labels show the time under the pointer until the button is released
        position = max(player.position(), 0.0)
        self.seek_slider.setValue(int(position * SEEK_STEPS_PER_SECOND))
        self._show_time(position)

    def _show_time(self, position: float) -> None:
        self.elapsed.setText(format_duration(position))
        self.remaining.setText(remaining_text(self._duration, position))

    def _cycle_repeat(self) -> None:
        self._controller.cycle_repeat()
        self._sync_modes()

    def _sync_modes(self) -> None:
        queue = self._controller.player.queue
        mode = queue.repeat
        self.repeat_button.setChecked(mode != "off")
        self.repeat_button.setIcon(icon("repeat-one" if mode == "one" else "repeat"))
        shown = {
            "off": self.tr("Repeat: off"),
            "all": self.tr("Repeat: all"),
            "one": self.tr("Repeat: one"),
        }[mode]
        self.repeat_button.setToolTip(shown)
        self.repeat_button.setAccessibleDescription(
            self.tr("{mode}; activate to change").format(mode=shown)
        )
        if self.shuffle_button.isChecked() != bool(queue.shuffle):
            self.shuffle_button.blockSignals(True)
            self.shuffle_button.setChecked(bool(queue.shuffle))
            self.shuffle_button.blockSignals(False)

    def _show_volume(self, volume: float) -> None:
        value = round(volume * 100)
        if self.volume_slider.value() != value:
            self.volume_slider.blockSignals(True)
            self.volume_slider.setValue(value)
            self.volume_slider.blockSignals(False)
