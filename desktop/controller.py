"""What the views ask of playback: play, queue, radio, skip detection, volume.

Views never call the player directly, so every path (buttons, keys, MPRIS, context menus) goes
through the same rules — in particular the radio's "skip" is recognised here, in one place.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from desktop.bridge import PlayerBridge
from desktop.models.saved_queue import SavedQueue
from desktop.radio import Radio, RecommendFn
from desktop.workers import Workers
from engine.listening import is_skip
from engine.models import Track

if TYPE_CHECKING:
    from engine.playback.player import Player

RADIO_LOOKAHEAD = 3  # keep at least this many songs queued after the current one
VOLUME_STEP = 0.05
SEEK_STEP = 5.0  # seconds per ← / →
# A radio's queue context in files written before the radio's seed was saved: "radio “title”".
LEGACY_RADIO_CONTEXT = "radio “"


class PlaybackController(QObject):
    queueChanged = Signal()
    volumeChanged = Signal(float)
    radioChanged = Signal(object)  # Track seed | None
    cued = Signal(object, float)  # a restored song waiting at a position (Track, seconds)

    def __init__(
        self,
        player: Player,
        bridge: PlayerBridge,
        workers: Workers,
        recommend: Callable[[], RecommendFn | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.player = player
        self.bridge = bridge
        self._workers = workers
        self._recommend = recommend
        self.radio: Radio | None = None
        self._radio_job = None
        self._radio_feedback: list[tuple[str, str]] = []  # applied by the next radio job
        self._last_track: Track | None = None
        self._user_advanced = False
        self._cued: tuple[Track, float] | None = None
        self.context = ""  # where the queue was played from, shown in the Queue view
        # The seed's title of the radio that filled the queue, on or stopped since: the Queue
        # page said "from radio “…”" beside the pane's "Start radio" once it was stopped.
        self.radio_title = ""
        # What Play starts with nothing queued (set by the window: the library as listed).
        # Without it the first Play after an import did nothing at all.
        self.play_something: Callable[[], None] | None = None
        bridge.trackChanged.connect(self._on_track_changed)
        bridge.stateChanged.connect(lambda _state: self.queueChanged.emit())

    # --- playing ---------------------------------------------------------------------------
    def play_tracks(self, tracks: Sequence[Track], start: int = 0, context: str = "") -> None:
        """Play ``tracks[start]`` with the list as "up next" (the library or a playlist)."""
        if not tracks:
            return
        self.stop_radio()
        self._cued = None
        self.context = context
        self.radio_title = ""
        self.player.play(tracks, start)  # the queue copies references; no Track is built here
        self.queueChanged.emit()

    def play_now(self, track: Track) -> None:
        """Play ``track`` at once without wiping the queue (recommendations, Home): it goes in
        right after the current song, and what was queued still follows."""
        queue = self.player.queue
        if not queue.tracks:
            self.play_tracks([track])
            return
        self._cued = None
        at = queue.index + 1 if queue.index >= 0 else len(queue.tracks)
        queue.play_next(track)
        self.player.play_index(at)
        self.queueChanged.emit()

    def play_queue_index(self, index: int) -> None:
        if 0 <= index < len(self.player.queue.tracks):
            self._cued = None
            self.player.play_index(index)  # jumping inside the queue keeps radio and shuffle
            self.queueChanged.emit()

    def play_next(self, tracks: Sequence[Track]) -> None:
        """Put ``tracks`` right after the current song, in their order."""
        if not tracks:
            return
        if not self.player.queue.tracks:
            self.play_tracks(tracks)
            return
        for track in reversed(tracks):  # each goes right after the current one
            self.player.queue.play_next(track)
        self.queueChanged.emit()

    def add_to_queue(self, tracks: Sequence[Track]) -> None:
        if not tracks:
            return
        if not self.player.queue.tracks:
            self.play_tracks(tracks)
            return
        self.player.queue.add(list(tracks))
        self.queueChanged.emit()

    # --- a queue restored from the last run ---------------------------------------------------
    def restore(
        self, saved: SavedQueue, tracks: Sequence[Track], radio_seed: Track | None = None
    ) -> None:
        """Put back the queue of the last run (``tracks`` are ``saved``'s that still exist),
        its current song waiting, paused, at the saved position: nothing sounds until play.

        A radio that was on comes back on from ``radio_seed`` (its song, if still there): the
        Queue page said "from radio …" while the pane offered "Start radio" for the same song.
        """
        queue = self.player.queue
        queue.repeat = saved.repeat if saved.repeat in ("off", "all", "one") else "off"
        wanted = saved.track_ids[saved.index] if saved.index >= 0 else None
        index = next((i for i, t in enumerate(tracks) if t.track_id == wanted), -1)
        queue.shuffle = saved.shuffle  # before set(): the shuffled order starts at the current
        if tracks:
            queue.set(list(tracks), max(index, 0))
        self.context = saved.context
        self._resume_radio(saved, tracks, index, radio_seed)
        if tracks:
            # A queue that had played to its end (index -1) or lost its song waits at the top,
            # shown on the bar: the bar said "Nothing playing" while the Queue page showed the
            # first song as current.
            song, position = (tracks[index], saved.position) if index >= 0 else (queue.current, 0.0)
            if song is not None:
                self._cued = (song, position)
                self.cued.emit(song, position)
        self.queueChanged.emit()

    def _resume_radio(
        self, saved: SavedQueue, tracks: Sequence[Track], index: int, seed: Track | None
    ) -> None:
        recommend = self._recommend() if seed is not None else None
        if seed is None or recommend is None:
            if saved.context.startswith(LEGACY_RADIO_CONTEXT):
                # A file from before seeds were saved: no radio to resume, so the queue keeps
                # its songs under a neutral header, not "from radio" (as when the seed is gone).
                self.context = ""
            return
        self.radio_title = seed.title
        self.radio = Radio(seed, recommend, queued=tracks)
        for track in tracks[: max(index, 0)]:
            self.radio.mark_played(track.track_id)  # the station goes on from where it was
        # Refilled when play starts (the track change): a refill now would start playing.
        self.radioChanged.emit(seed)

    def snapshot(self) -> SavedQueue:
        queue = self.player.queue
        ids = tuple(queue.tracks.track_id(i) for i in range(len(queue.tracks)))
        if self._cued is not None:
            position = self._cued[1]
        else:
            position = self.player.position() if self.player.current is not None else 0.0
        return SavedQueue(
            ids,
            queue.index,
            max(position, 0.0),
            self.context,
            queue.shuffle,
            queue.repeat,
            self.radio.seed.track_id if self.radio is not None else "",
        )

    @property
    def cued_track(self) -> tuple[Track, float] | None:
        """The restored song waiting to be played, and where it resumes."""
        return self._cued

    def remove_from_queue(self, index: int) -> None:
        self.player.queue.remove(index)
        self.queueChanged.emit()

    def move_in_queue(self, src: int, dst: int) -> None:
        """Move the song at play position ``src`` to ``dst`` (the Queue page's order)."""
        self.player.queue.move_in_order(src, dst)
        self.queueChanged.emit()

    def clear_queue(self) -> None:
        self._cued = None
        self.context = ""
        self.radio_title = ""
        self.stop_radio()
        self.player.stop()
        self.player.queue.clear()
        self.queueChanged.emit()

    def toggle(self) -> None:
        if self._cued is not None:
            _track, position = self._cued
            self._cued = None
            self.player.play_index(self.player.queue.index)
            if position > 0:
                self.player.seek(position)
            return
        if self.player.current is None and self.player.queue.tracks:
            self.player.play(self.player.queue.tracks, max(self.player.queue.index, 0))
        elif self.player.current is None and self.play_something is not None:
            self.play_something()
        else:
            self.player.toggle()

    def next(self) -> None:
        self._cued = None
        current = self.player.current
        if self.radio is not None and current is not None:
            skipped = is_skip(self.player.position(), self.player.duration())
            self._radio_feedback.append(("skip" if skipped else "played", current.track_id))
            self._user_advanced = True
        self.player.next()
        if self.radio is not None and self._radio_feedback:
            self._refill_radio()
        self.queueChanged.emit()

    def previous(self) -> None:
        self._cued = None
        self.player.previous()
        self.queueChanged.emit()

    def seek(self, seconds: float) -> None:
        if self._cued is not None:  # a restored song not started yet: move where it resumes
            track = self._cued[0]
            self._cued = (track, min(max(seconds, 0.0), track.duration or seconds))
            self.cued.emit(*self._cued)
            return
        self.player.seek(max(seconds, 0.0))

    def seek_by(self, delta: float) -> None:
        if self._cued is not None:
            self.seek(self._cued[1] + delta)
        elif self.player.current is not None:
            self.seek(self.player.position() + delta)

    def play_shuffled(self, tracks: Sequence[Track], context: str = "") -> None:
        """Shuffle (an album's, an artist's, a mix's button): the player's shuffle goes on and
        the list starts at a random song of it; Play keeps the user's shuffle mode as it is."""
        if tracks:
            self.set_shuffle(True)
            self.play_tracks(tracks, random.randrange(len(tracks)), context)

    # --- modes -----------------------------------------------------------------------------
    def set_shuffle(self, on: bool) -> None:
        self.player.queue.shuffle = bool(on)
        self.queueChanged.emit()

    def set_repeat(self, mode: str) -> None:
        if mode not in ("off", "all", "one"):
            raise ValueError(f"repeat mode must be off, all or one, not {mode!r}")
        self.player.queue.repeat = mode
        self.queueChanged.emit()

    def cycle_repeat(self) -> str:
        order = ("off", "all", "one")
        mode = order[(order.index(self.player.queue.repeat) + 1) % 3]
        self.set_repeat(mode)
        return mode

    def set_volume(self, volume: float) -> None:
        self.player.volume = min(max(volume, 0.0), 1.0)
        self.volumeChanged.emit(self.player.volume)

    def change_volume(self, delta: float) -> None:
        self.set_volume(self.player.volume + delta)

    # --- radio -----------------------------------------------------------------------------
    def start_radio(self, seed: Track) -> bool:
        """Keep the queue filled with ``seed``'s recommendations.

        A radio from the song that is playing keeps it playing where it is (only what was
        queued after it makes way); from any other song, that song starts.
        """
        recommend = self._recommend()
        if recommend is None:
            return False
        self.stop_radio()
        current = self.player.current
        if current is not None and current.track_id == seed.track_id and self._cued is None:
            self.player.queue.set([current], 0)  # the decoder plays on: no restart from 0:00
        else:
            self._cued = None
            self.player.play([seed])
        self.context = ""
        self.radio_title = seed.title
        self.radio = Radio(seed, recommend)
        self._last_track = seed
        self.radioChanged.emit(seed)
        self._refill_radio()
        self.queueChanged.emit()
        return True

    def stop_radio(self) -> None:
        if self.radio is not None:
            self.radio = None
            self._radio_feedback = []
            if self._radio_job is not None:
                self._radio_job.cancel()
                self._radio_job = None
            self.radioChanged.emit(None)

    def _upcoming(self) -> int:
        queue = self.player.queue
        return max(len(queue.tracks) - queue.index - 1, 0)

    def _on_track_changed(self, track: Track | None) -> None:
        last, self._last_track = self._last_track, track
        moved_on = last is not None and (track is None or last.track_id != track.track_id)
        if self.radio is not None and moved_on and not self._user_advanced:
            self._radio_feedback.append(("played", last.track_id))  # it played through
        self._user_advanced = False
        self.queueChanged.emit()
        if self.radio is not None and self._upcoming() < RADIO_LOOKAHEAD:
            self._refill_radio()

    def _refill_radio(self) -> None:
        radio = self.radio
        if radio is None or self._radio_job is not None:
            return
        feedback, self._radio_feedback = self._radio_feedback, []

        def work(job) -> tuple[list[Track], frozenset[str]]:
            # Skips ask the recommender for the skipped song's neighbours: store queries, so
            # they run here in the worker, in order, one radio job at a time.
            for kind, track_id in feedback:
                if kind == "skip":
                    radio.mark_skipped(track_id)
                else:
                    radio.mark_played(track_id)
            return radio.next_tracks(RADIO_LOOKAHEAD + 2), radio.avoided

        def done(result: tuple[list[Track], frozenset[str]]) -> None:
            self._radio_job = None
            if self.radio is not radio:
                return
            tracks, avoided = result
            queue = self.player.queue
            # Steer away: queued picks in a skipped song's neighbourhood are dropped.
            for i in range(len(queue.tracks) - 1, queue.index, -1):
                if queue.tracks[i].track_id in avoided:
                    queue.remove(i)
            if tracks:
                queue.add(tracks)
                if self.player.state in ("stopped", "ended"):
                    self.play_queue_index(queue.index + 1)
            self.queueChanged.emit()
            if self._radio_feedback:
                self._refill_radio()

        def failed(_exc: BaseException) -> None:
            self._radio_job = None

        self._radio_job = self._workers.submit(work, name="radio", done=done, failed=failed)
