"""The player state machine: stopped / playing / paused / ended over a play queue.

Public methods may be called from any thread (the GUI thread, a CLI loop). A control thread
reacts to the audio callback's track-change notices (a track ran out and the pre-opened next
one took over, sample-exactly). Listeners and the event recorder are called after the
player's lock is released (:mod:`engine.playback.notifier`), so they may call back into it.
The decoders themselves are the :class:`~engine.playback.lineup.Lineup`'s business.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Literal

from engine.eq_settings import EqSettings
from engine.events.wire import EventType, PlayEvent
from engine.models import Track
from engine.playback.decoder import Decoder, warm_up
from engine.playback.feed import Feed
from engine.playback.lineup import Lineup, Tag
from engine.playback.notifier import Listener, Notifier
from engine.playback.output import Output, OutputError
from engine.playback.play_events import PlayEventRecorder
from engine.playback.queue import PlayQueue

State = Literal["stopped", "playing", "paused", "ended"]

RESTART_SECONDS = 3.0  # "previous" after this restarts the track instead


class Player:
    def __init__(
        self,
        *,
        output: Output,
        record: Callable[[PlayEvent], None] | None = None,
        device_id: str = "",
        gain_for: Callable[[Track], float] | None = None,
        equaliser: EqSettings | None = None,
        warm_codecs: bool = True,
    ) -> None:
        self.output = output
        self.device_id = device_id or "local"
        self._notifier = Notifier()
        self._tx = self._notifier.tx
        self._events = PlayEventRecorder(record, self.device_id, self._notifier)
        self._lineup = Lineup(output, gain_for, equaliser)
        self._feed = self._lineup.feed
        self.queue = PlayQueue()
        self.queue.on_change = self._queue_changed
        self.state: State = "stopped"
        self.current: Track | None = None
        self._in_transition = False
        self._failures_in_a_row = 0
        self._closed = False
        self._control = threading.Thread(target=self._control_loop, name="player", daemon=True)
        self._control.start()
        self._warm: threading.Thread | None = None
        if warm_codecs:
            self.warm_codecs()

    def warm_codecs(self) -> None:
        """Import the codec libraries in the background (once). The desktop calls this after
        the library is shown, so the imports do not compete with start-up for the CPU."""
        if self._warm is None:
            self._warm = threading.Thread(target=warm_up, name="codec-warm-up", daemon=True)
            self._warm.start()

    def wait_warm(self, timeout: float | None = None) -> None:
        """Block until the codec libraries are imported (benchmarks; the app needs not)."""
        self.warm_codecs()
        assert self._warm is not None
        self._warm.join(timeout)

    def add_listener(self, fn: Listener) -> None:
        self._notifier.add_listener(fn)

    # --- transport -------------------------------------------------------------------------
    def play(self, tracks: Sequence[Track], start: int = 0) -> None:
        """Replace the queue with ``tracks`` and play ``tracks[start]``."""
        with self._tx():
            self._finish_current(user=True)
            with self._transition():
                self.queue.set(tracks, start)
            track = self.queue.current
            if track is None:
                self._set_state("stopped")
                return
            self._start(track)

    def play_index(self, i: int) -> None:
        """Jump to queue entry ``i`` (a double-click in the Queue view)."""
        with self._tx():
            self._finish_current(user=True)
            with self._transition():
                track = self.queue.jump(i)
            self._start(track)

    def toggle(self) -> None:
        with self._tx():
            if self.state == "playing":
                self.pause()
            elif self.state == "paused":
                self.resume()
            elif self.queue.index >= 0:
                self._restart()
            elif self.queue.tracks:
                self.play(self.queue.tracks, 0)  # after the end: from the top

    def pause(self) -> None:
        with self._tx():
            if self.state != "playing":
                return
            self._feed.paused = True
            self._set_state("paused")
            self._emit_play_event("pause")

    def resume(self) -> None:
        with self._tx():
            if self.state != "paused":
                return
            self._feed.paused = False  # before the output starts, or it ends itself at once
            if not self._start_output():
                return
            self._set_state("playing")
            self._emit_play_event("resume")

    def stop(self) -> None:
        with self._tx():
            if self.state == "stopped":
                return
            self._finish_current(user=True)
            self._lineup.drop()
            self.output.stop()
            self._set_state("stopped")

    def next(self) -> None:
        with self._tx():
            if self.queue.index < 0:
                return  # nothing queued, or already past the end
            self._finish_current(user=True)
            with self._transition():
                track = self.queue.advance(natural=False)
            if track is None:
                self._end_of_queue()
            else:
                self._start(track)

    def previous(self) -> None:
        with self._tx():
            if self.current is not None and self.position() > RESTART_SECONDS:
                self.seek(0.0)
                return
            if not self.queue.tracks:
                return
            self._finish_current(user=True)
            with self._transition():
                track = self.queue.back()
            if track is not None:
                self._start(track)

    def seek(self, seconds: float) -> None:
        with self._tx():
            track = self.current
            if track is None or self._lineup.playing is None:
                return
            if self.state not in ("playing", "paused"):
                return
            duration = self.duration()
            target = max(0.0, float(seconds))
            if duration > 0:
                target = min(target, duration)
            self._lineup.reopen(track, start=target)
            self._emit_play_event("seek", position=target)
            self._notifier.notify("seeked", {"position": target})

    # --- settings that apply while playing ---------------------------------------------------
    def set_gain_for(self, gain_for: Callable[[Track], float] | None) -> None:
        """Switch loudness normalisation on (a ``gain_for``) or off (``None``) now: the
        playing and the pre-opened next track change level at the next audio block."""
        with self._tx():
            self._lineup.set_gain_for(gain_for, self.queue.tracks)

    @property
    def equaliser(self) -> EqSettings:
        return self._lineup.equaliser

    def set_equaliser(self, settings: EqSettings) -> None:
        """Apply the graphic equaliser while playing: heard ~0.2 s later, without a click."""
        with self._tx():
            self._lineup.set_equaliser(settings)

    def set_output(self, output: Output) -> None:
        """Play through ``output`` from now on without a restart.

        The current track is reopened at its position for the new output's rate (like a seek)
        and the old output is closed; on :class:`OutputError` the player stops with a notice.
        """
        with self._tx():
            old = self.output
            track, state = self.current, self.state
            playing = self._lineup.playing is not None
            position = self.position() if playing else 0.0
            old.stop()
            self.output = self._lineup.output = output
            self._lineup.drop_next()  # decoded for the old rate; _refresh_next reopens it
            if track is not None and playing and state in ("playing", "paused"):
                self._lineup.reopen(track, start=position)
                if state == "playing" and self._start_output():
                    self._refresh_next()
            old.close()

    # --- reading ---------------------------------------------------------------------------
    def position(self) -> float:
        """Seconds into the current track that the listener hears now."""
        dec = self._lineup.playing
        if dec is None:
            return 0.0
        pos = dec.position() - (self.output.latency if dec.consumed else 0.0)
        pos = max(dec.start, pos)
        duration = dec.duration or (self.current.duration if self.current else 0.0)
        return min(pos, duration) if duration > 0 else pos

    def duration(self) -> float:
        dec = self._lineup.playing
        if dec is not None and dec.duration > 0:
            return dec.duration
        return self.current.duration if self.current is not None else 0.0

    @property
    def volume(self) -> float:
        return self._feed.volume

    @volume.setter
    def volume(self, value: float) -> None:
        self._feed.volume = min(1.0, max(0.0, float(value)))

    @property
    def underruns(self) -> int:
        return self.output.underruns

    @property
    def feed(self) -> Feed:
        return self._feed

    def close(self) -> None:
        if self._closed:
            return
        self.stop()
        self._closed = True
        self._feed.notices.put((None, None))  # type: ignore[arg-type]
        self._control.join(timeout=5)
        self._lineup.close()
        self.output.close()

    def __enter__(self) -> Player:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- internals: starting and finishing tracks -------------------------------------------
    @contextlib.contextmanager
    def _transition(self) -> Iterator[None]:
        """While the player moves the queue itself, queue-change callbacks do not refresh."""
        self._in_transition = True
        try:
            yield
        finally:
            self._in_transition = False

    def _tag(self) -> Tag:
        track = self.queue.current
        return (self.queue.index, track.track_id if track else "")

    def _start(self, track: Track, *, reuse_next: bool = True) -> None:
        """Make ``track`` (the queue's current) play from its start."""
        self._lineup.start(track, self._tag(), reuse_next=reuse_next)
        self.current = track
        self._feed.paused = False
        if not self._start_output():
            return
        self._set_state("playing")
        if os.path.isfile(track.path):  # a deleted file gets an error, not a play
            self._emit_play_event("play", position=0.0)
        self._notifier.notify("track", {"track": track, "index": self.queue.index})
        self._refresh_next()

    def _restart(self) -> None:
        track = self.queue.current
        if track is not None:
            self._start(track, reuse_next=False)

    def _start_output(self) -> bool:
        try:
            self.output.start(self._feed)
        except OutputError as exc:
            self._feed.paused = True
            self._notifier.notify("error", {"message": str(exc), "track": self.current})
            self._set_state("stopped")
            return False
        return True

    def _finish_current(self, *, user: bool) -> None:
        """Record how the current track was left: skip, or a listen that counts."""
        if self.current is None or self._lineup.playing is None:
            return
        if self.state in ("playing", "paused"):
            self._events.left(
                self.current, position=self.position(), duration=self.duration(), user=user
            )

    def _end_of_queue(self) -> None:
        self._lineup.drop()
        self.output.stop()
        self._set_state("ended")
        self._notifier.notify("ended", {})

    def _refresh_next(self, *, handling: bool = False) -> None:
        """Keep the decoder of what plays next open and buffering, matching the queue."""
        want: Tag | None = None
        if self.state in ("playing", "paused") and self.current is not None:
            i = self.queue.peek_next(natural=True)
            if i is not None:
                want = (i, self.queue.tracks[i].track_id)
        track = self.queue.tracks[want[0]] if want else None
        self._lineup.keep_next(want, track, handling=handling)

    def _queue_changed(self) -> None:
        with self._tx():
            if not self._in_transition:
                self._refresh_next()

    # --- internals: the control thread (gapless hand-over) ----------------------------------
    def _control_loop(self) -> None:
        while True:
            ended, now = self._feed.notices.get()
            if ended is None:
                return
            try:
                with self._tx():
                    self._track_ran_out(ended, now)
                    self._refresh_next(handling=True)
            finally:
                self._feed.mark_handled()

    def _track_ran_out(self, ended: Decoder, now: Decoder | None) -> None:
        ended.close()
        if ended is not self._lineup.playing or self.state not in ("playing", "paused"):
            if now is not None and now is not self._feed.current:
                now.close()
            return  # a stale notice (the user moved on meanwhile)
        if ended.error is not None:
            self._failures_in_a_row += 1
            self._notifier.notify("error", {"message": ended.error, "track": self.current})
        else:
            self._failures_in_a_row = 0
            self._emit_play_event("complete", position=ended.position())
        if self._failures_in_a_row >= max(1, len(self.queue)):
            # Every track in the queue failed: stop instead of cycling through errors.
            self._feed.current = None
            if now is not None:
                now.close()
            self._end_of_queue()
            return
        with self._transition():
            track = self.queue.advance(natural=True)
        if track is None:
            self._end_of_queue()
            return
        if now is not None and now.tag == self._tag() and self._feed.current is now:
            # Gapless: the callback already plays the pre-opened decoder.
            self._lineup.playing = now
            self.current = track
            self._emit_play_event("play", position=0.0)
            self._notifier.notify("track", {"track": track, "index": self.queue.index})
        else:
            if now is not None:
                now.close()
            self._start(track, reuse_next=False)

    # --- internals: events ------------------------------------------------------------------
    def _emit_play_event(self, kind: EventType, *, position: float | None = None) -> None:
        pos = self.position() if position is None else position
        self._events.emit(self.current, kind, position=pos, duration=self.duration())

    def _set_state(self, state: State) -> None:
        if state != self.state:
            self.state = state
            self._notifier.notify("state", {"state": state})
