"""Mixes: the library's k-means clusters as named mixes, each opened to all its songs, and the
sound map of the whole library."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.controller import PlaybackController
from desktop.models.formatting import count_of, plain_tooltip
from desktop.phrase_text import shown
from desktop.services import SoundMap
from desktop.views.album_page import action_button
from desktop.views.common import muted, page_layout, section
from desktop.views.no_mixes import no_mixes_note
from desktop.widgets.accessible import describe
from desktop.widgets.sound_map import SoundMapWidget, swatch
from desktop.widgets.track_list import TrackList, queue_actions
from engine.models import Track
from engine.recommend.popular import Mix


class MixesView(QWidget):
    saveAsPlaylist = Signal(str, object)  # name, list of Track

    def __init__(self, controller: PlaybackController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        layout = page_layout(self, self.tr("Mixes"))
        self.note = muted(no_mixes_note(0))
        layout.addWidget(self.note)
        self._analysed = 0
        self._importing = False

        self.split = split = QSplitter()
        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        self.mix_list = describe(
            QListWidget(), self.tr("Mixes"), self.tr("Select a mix to list its songs")
        )
        # A long name ends in "…" (the whole text in the row's tooltip), no sideways scrolling.
        self.mix_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.mix_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        left_box.addWidget(self.mix_list)
        right = QWidget()
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(0, 0, 0, 0)
        self.mix_title = section("", elide=True)
        right_box.addWidget(self.mix_title)
        self.tracks = describe(
            TrackList(),
            self.tr("Songs of the mix"),
            self.tr("Activate a song to play the mix from it"),
        )
        self.tracks.trackActivated.connect(self._play_from)
        self.tracks.menu_actions = queue_actions(controller)
        right_box.addWidget(self.tracks)
        # Play and Shuffle as on an album's page: a mix played only from a double-clicked song.
        self.play_button = action_button(
            self.tr("Play"), "play", self.tr("Play the mix from its first song")
        )
        self.play_button.setObjectName("accent")
        self.play_button.clicked.connect(lambda: self._play_from(None, 0))
        self.shuffle_button = action_button(
            self.tr("Shuffle"), "shuffle", self.tr("Play the mix shuffled")
        )
        self.shuffle_button.clicked.connect(self._shuffle)
        self.save_button = describe(
            QPushButton(self.tr("Save as playlist")),
            self.tr("Save as playlist"),
            self.tr("Save this mix as a playlist"),
        )
        self.save_button.clicked.connect(self.save_as_playlist)
        # Save on a row of its own: the three side by side widened the window's minimum.
        buttons = QHBoxLayout()
        buttons.addWidget(self.play_button)
        buttons.addWidget(self.shuffle_button)
        right_box.addLayout(buttons)
        right_box.addWidget(self.save_button)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([320, 520])
        layout.addWidget(split, 3)

        row = QHBoxLayout()
        row.addWidget(section(self.tr("Sound map")))
        legend = self.tr(
            "Each dot is a song, in the colour of its mix in the list above; the mix chosen "
            "there stands out. Click a dot to play it."
        )
        # The legend speaks of the mixes' colours: with no mixes it would describe nothing.
        self.legend = muted(legend)
        self.legend.hide()
        row.addWidget(self.legend, 1)
        layout.addLayout(row)
        self.sound_map = SoundMapWidget()
        layout.addWidget(self.sound_map, 2)

        self.summaries: list[Mix] = []
        self._shown: Mix | None = None  # the mix whose songs are listed
        self.mix_list.currentRowChanged.connect(self._row_changed)
        self.open_mix = None  # set by the window: cluster id -> loads its tracks in a worker
        self._sync_save()

    def _sync_save(self) -> None:
        """The Save button is pressable only with a mix's songs listed; disabled, its tooltip
        says why (it looked pressable on a page with no mixes, and saved nothing)."""
        ready = self._shown is not None and self.tracks.count() > 0
        for button in (self.play_button, self.shuffle_button, self.save_button):
            button.setEnabled(ready)
        self.save_button.setToolTip(
            self.tr("Save this mix as a playlist")
            if ready
            else self.tr("Select a mix first: its songs are saved as a playlist")
        )

    def show_mixes(self, mixes: list[tuple[Mix, list[Track]]], *, analysed: int = 0) -> None:
        """``analysed`` (songs analysed) picks the note shown while there are no mixes."""
        current = self.mix_list.currentRow()
        self.summaries = [m for m, _ in mixes]
        self.mix_list.blockSignals(True)
        self.mix_list.clear()
        for summary, first in mixes:
            songs = ", ".join(t.title for t in first[:3])
            text = self.tr("{name}  ·  {count}\n{songs}").format(
                name=shown(summary.name), count=count_of(summary.size, "song"), songs=songs
            )
            # Item text is never rich text; the dot is the mix's colour on the sound map.
            item = QListWidgetItem(swatch(summary.cluster_id), text)
            item.setToolTip(plain_tooltip(text))
            self.mix_list.addItem(item)
        self.mix_list.blockSignals(False)
        self._analysed = analysed
        self.note.setText(no_mixes_note(analysed, importing=self._importing))
        self.note.setVisible(not mixes)
        self.legend.setVisible(bool(mixes))
        if mixes:
            self.mix_list.setCurrentRow(min(max(current, 0), len(mixes) - 1))
            self._row_changed(self.mix_list.currentRow())
        else:  # a new run without mixes: the songs of an old one are no mix any more
            self._shown = None
            self.mix_title.setText("")
            self.tracks.set_tracks([])
            self._sync_save()

    def set_importing(self, importing: bool) -> None:
        self._importing = importing
        self.note.setText(no_mixes_note(self._analysed, importing=importing))

    def select_cluster(self, cluster_id: int) -> None:
        for row, summary in enumerate(self.summaries):
            if summary.cluster_id == cluster_id:
                self.mix_list.setCurrentRow(row)
                return

    def show_mix_tracks(self, summary: Mix, tracks: list[Track]) -> None:
        self._shown = summary
        self.mix_title.setText(
            self.tr("{name} — {count}").format(
                name=shown(summary.name), count=count_of(len(tracks), "song")
            )
        )
        self.tracks.set_tracks(tracks)
        self._sync_save()

    def show_sound_map(self, sound_map: SoundMap) -> None:
        self.sound_map.set_map(sound_map)

    def save_as_playlist(self) -> None:
        if self._shown is not None and self.tracks.count():
            self.saveAsPlaylist.emit(shown(self._shown.name), self.tracks.tracks())

    def _play_from(self, _track: Track | None, row: int) -> None:
        """A mix is a list like a playlist: it becomes what plays next."""
        self._controller.play_tracks(self.tracks.tracks(), row, context=self._context())

    def _shuffle(self) -> None:
        self._controller.play_shuffled(self.tracks.tracks(), self._context())

    def _context(self) -> str:
        name = shown(self._shown.name) if self._shown is not None else ""
        return self.tr("Mix “{name}”").format(name=name)

    def _row_changed(self, row: int) -> None:
        chosen = self.summaries[row] if 0 <= row < len(self.summaries) else None
        self.sound_map.choose(None if chosen is None else chosen.cluster_id)
        if chosen is not None and self.open_mix is not None:
            self.open_mix(chosen)
