"""The player state machine: stopped / playing / paused / ended over a play queue.

Public methods may be called from any thread (the GUI thread, a CLI loop). A control thread
reacts to the audio callback's track-change notices (a track ran out and the pre-opened next
one took over, sample-exactly). Listeners and the event recorder are called after the
player's lock is released, so they may call back into the player.
"""

from __future__ import annotations

import contextlib
import os
import threading
import weakref
from collections.abc import Callable, Iterator, Sequence
from typing import Literal

from engine.events.wire import EventType, PlayEvent
from engine.models import Track
from engine.playback.decoder import Decoder, warm_up
from engine.playback.feed import Feed
from engine.playback.output import Output, OutputError
from engine.playback.queue import PlayQueue

State = Literal["stopped", "playing", "paused", "ended"]
Listener = Callable[[str, dict], None]

SKIP_SECONDS = 30.0  # "next" before min(30 s, half the track) is a skip
SKIP_FRACTION = 0.5
RESTART_SECONDS = 3.0  # "previous" after this restarts the track instead


class Player:
    def __init__(
        self,
        *,
        output: Output,
        record: Callable[[PlayEvent], None] | None = None,
        device_id: str = "",
        gain_for: Callable[[Track], float] | None = None,
        warm_codecs: bool = True,
    ) -> None:
        self.output = output
        self.device_id = device_id or "local"
        self._record = record
        self._gain_for = gain_for
        self.queue = PlayQueue()
        self.queue.on_change = self._queue_changed
        self.state: State = "stopped"
        self.current: Track | None = None
        self._feed = Feed()
        self._playing: Decoder | None = None  # the decoder of `current`
        self._lock = threading.RLock()
        self._depth = 0
        self._pending: list[Callable[[], None]] = []
        self._listeners: list[Listener] = []
        self._in_transition = False
        self._failures_in_a_row = 0
        self._closed = False
        self._decoders: weakref.WeakSet[Decoder] = weakref.WeakSet()
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

    # --- observers -------------------------------------------------------------------------
    def add_listener(self, fn: Listener) -> None:
        self._listeners.append(fn)

    def remove_listener(self, fn: Listener) -> None:
        with contextlib.suppress(ValueError):
            self._listeners.remove(fn)

    # --- transport -------------------------------------------------------------------------
    def play(self, tracks: Sequence[Track], start: int = 0) -> None:
        """Replace the queue with ``tracks`` and play ``tracks[start]``."""
        with self._tx():
            self._finish_current(user=True)
            self._in_transition = True
            try:
                self.queue.set(tracks, start)
            finally:
                self._in_transition = False
            track = self.queue.current
            if track is None:
                self._set_state("stopped")
                return
            self._start(track)

    def play_index(self, i: int) -> None:
        """Jump to queue entry ``i`` (a double-click in the Queue view)."""
        with self._tx():
            self._finish_current(user=True)
            self._in_transition = True
            try:
                track = self.queue.jump(i)
            finally:
                self._in_transition = False
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
            if not self._start_output():
                return
            self._feed.paused = False
            self._set_state("playing")
            self._emit_play_event("resume")

    def stop(self) -> None:
        with self._tx():
            if self.state == "stopped":
                return
            self._finish_current(user=True)
            self._drop_decoders()
            self.output.stop()
            self._set_state("stopped")

    def next(self) -> None:
        with self._tx():
            if self.queue.index < 0:
                return  # nothing queued, or already past the end
            self._finish_current(user=True)
            self._in_transition = True
            try:
                track = self.queue.advance(natural=False)
            finally:
                self._in_transition = False
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
            self._in_transition = True
            try:
                track = self.queue.back()
            finally:
                self._in_transition = False
            if track is not None:
                self._start(track)

    def seek(self, seconds: float) -> None:
        with self._tx():
            track, old = self.current, self._playing
            if track is None or old is None or self.state not in ("playing", "paused"):
                return
            duration = self.duration()
            target = max(0.0, float(seconds))
            if duration > 0:
                target = min(target, duration)
            dec = self._open(track, old.tag, start=target)
            self._feed.current = dec
            self._playing = dec
            old.close()
            self._emit_play_event("seek", position=target)

    # --- settings that apply while playing ---------------------------------------------------
    def set_gain_for(self, gain_for: Callable[[Track], float] | None) -> None:
        """Switch loudness normalisation on (a ``gain_for``) or off (``None``) now: the
        playing and the pre-opened next track change level at the next audio block."""
        with self._tx():
            self._gain_for = gain_for
            for dec in {self._playing, self._feed.current, self._feed.next} - {None}:
                dec.gain = self._gain(self.queue.current if dec is self._playing else None, dec)

    def set_output(self, output: Output) -> None:
        """Play through ``output`` from now on without a restart.

        The current track is reopened at its position for the new output's rate (like a seek)
        and the old output is closed; on :class:`OutputError` the player stops with a notice.
        """
        with self._tx():
            old, self.output = self.output, output
            track, dec, state = self.current, self._playing, self.state
            position = self.position() if dec is not None else 0.0
            old.stop()
            nxt, self._feed.next = self._feed.next, None
            if nxt is not None:
                nxt.close()  # decoded for the old rate; _refresh_next reopens it
            if track is not None and dec is not None and state in ("playing", "paused"):
                fresh = self._open(track, dec.tag, start=position)
                self._feed.current = fresh
                self._playing = fresh
                dec.close()
                if state == "playing" and self._start_output():
                    self._refresh_next()
            old.close()

    # --- reading ---------------------------------------------------------------------------
    def position(self) -> float:
        """Seconds into the current track that the listener hears now."""
        dec = self._playing
        if dec is None:
            return 0.0
        pos = dec.position() - (self.output.latency if dec.consumed else 0.0)
        pos = max(dec.start, pos)
        duration = dec.duration or (self.current.duration if self.current else 0.0)
        return min(pos, duration) if duration > 0 else pos

    def duration(self) -> float:
        dec = self._playing
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
        self._drop_decoders()
        for dec in list(self._decoders):
            dec.close()
            dec.join(timeout=2)
        self.output.close()

    def __enter__(self) -> Player:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- internals: starting and finishing tracks -------------------------------------------
    def _track_gain(self, track: Track) -> float:
        if self._gain_for is None:
            return 1.0
        try:
            return float(self._gain_for(track))
        except Exception:
            return 1.0  # no loudness for this track: play it as it is

    def _gain(self, track: Track | None, dec: Decoder) -> float:
        """The gain for an open decoder: its queue entry's track (the tag holds its index)."""
        if track is None:
            index = dec.tag[0] if isinstance(dec.tag, tuple) else -1
            if not 0 <= index < len(self.queue.tracks):
                return 1.0
            track = self.queue.tracks[index]
        return self._track_gain(track)

    def _open(self, track: Track, tag: object, *, start: float = 0.0) -> Decoder:
        gain = (lambda: self._track_gain(track)) if self._gain_for is not None else 1.0
        dec = Decoder(
            track.path,
            out_rate=self.output.samplerate,
            channels=self.output.channels,
            start=start,
            gain=gain,
            tag=tag,
        )
        self._decoders.add(dec)
        return dec

    def _tag(self) -> tuple[int, str]:
        track = self.queue.current
        return (self.queue.index, track.track_id if track else "")

    def _start(self, track: Track, *, reuse_next: bool = True) -> None:
        """Make ``track`` (the queue's current) play from its start."""
        tag = self._tag()
        nxt = self._feed.next
        if reuse_next and nxt is not None and nxt.tag == tag and nxt.consumed == 0:
            self._feed.next = None
            dec = nxt  # pre-opened and already buffered: starts at once
        else:
            dec = self._open(track, tag)
        old = self._feed.current
        self._feed.current = dec
        if old is not None and old is not dec:
            old.close()
        self._playing = dec
        self.current = track
        if not self._start_output():
            return
        self._feed.paused = False
        self._set_state("playing")
        if os.path.isfile(track.path):  # a deleted file gets an error, not a play
            self._emit_play_event("play", position=0.0)
        payload = {"track": track, "index": self.queue.index}
        self._notify("track", payload)
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
            self._notify("error", {"message": str(exc), "track": self.current})
            self._set_state("stopped")
            return False
        return True

    def _finish_current(self, *, user: bool) -> None:
        """Record how the current track was left: skip, or a listen that counts."""
        if (
            self.current is None
            or self._playing is None
            or self.state
            not in (
                "playing",
                "paused",
            )
        ):
            return
        pos = self.position()
        duration = self.duration()
        threshold = min(SKIP_SECONDS, SKIP_FRACTION * duration) if duration > 0 else SKIP_SECONDS
        kind: EventType = "skip" if user and pos < threshold else "complete"
        self._emit_play_event(kind, position=pos)

    def _end_of_queue(self) -> None:
        self._drop_decoders()
        self.output.stop()
        self._set_state("ended")
        self._notify("ended", {})

    def _drop_decoders(self) -> None:
        feed = self._feed
        feed.paused = True
        for dec in (feed.current, feed.next, self._playing):
            if dec is not None:
                dec.close()
        feed.current = feed.next = None
        self._playing = None

    def _refresh_next(self) -> None:
        """Keep the decoder of what plays next open and buffering, matching the queue."""
        feed = self._feed
        if feed.handled < feed.posted:
            return  # a track change is being handled; it refreshes afterwards
        want: tuple[int, str] | None = None
        if self.state in ("playing", "paused") and self.current is not None:
            i = self.queue.peek_next(natural=True)
            if i is not None:
                want = (i, self.queue.tracks[i].track_id)
        nxt = feed.next
        if nxt is not None and want is not None and nxt.tag == want:
            return
        feed.next = None
        if nxt is not None:
            nxt.close()
        if want is not None:
            feed.next = self._open(self.queue.tracks[want[0]], want)

    def _queue_changed(self) -> None:
        with self._tx():
            if not self._in_transition:
                self._refresh_next()

    # --- internals: the control thread ------------------------------------------------------
    def _control_loop(self) -> None:
        while True:
            ended, now = self._feed.notices.get()
            if ended is None:
                return
            try:
                with self._tx():
                    self._track_ran_out(ended, now)
            finally:
                self._feed.mark_handled()

    def _track_ran_out(self, ended: Decoder, now: Decoder | None) -> None:
        ended.close()
        if ended is not self._playing or self.state not in ("playing", "paused"):
            if now is not None and now is not self._feed.current:
                now.close()
            return  # a stale notice (the user moved on meanwhile)
        if ended.error is not None:
            self._failures_in_a_row += 1
            self._notify("error", {"message": ended.error, "track": self.current})
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
        self._in_transition = True
        try:
            track = self.queue.advance(natural=True)
        finally:
            self._in_transition = False
        if track is None:
            self._end_of_queue()
            return
        tag = self._tag()
        if now is not None and now.tag == tag and self._feed.current is now:
            # Gapless: the callback already plays the pre-opened decoder.
            self._playing = now
            self.current = track
            self._emit_play_event("play", position=0.0)
            self._notify("track", {"track": track, "index": self.queue.index})
            self._refresh_next()
        else:
            if now is not None:
                now.close()
            self._start(track, reuse_next=False)

    # --- internals: events ------------------------------------------------------------------
    def _emit_play_event(self, kind: EventType, *, position: float | None = None) -> None:
        track = self.current
        if track is None or self._record is None:
            return
        pos = self.position() if position is None else position
        event = PlayEvent(
            track_id=track.track_id,
            type=kind,
            device_id=self.device_id,
            position=max(0.0, float(pos)),
            duration=max(0.0, float(self.duration())),
        )
        record = self._record

        def send() -> None:
            try:
                record(event)
            except Exception as exc:  # losing one event must not stop the music
                self._dispatch("error", {"message": f"cannot record play event: {exc}"})

        self._pending.append(send)

    def _set_state(self, state: State) -> None:
        if state != self.state:
            self.state = state
            self._notify("state", {"state": state})

    def _notify(self, name: str, payload: dict) -> None:
        self._pending.append(lambda: self._dispatch(name, payload))

    def _dispatch(self, name: str, payload: dict) -> None:
        for fn in list(self._listeners):
            with contextlib.suppress(Exception):  # a broken listener must not stop playback
                fn(name, payload)

    @contextlib.contextmanager
    def _tx(self) -> Iterator[None]:
        """Hold the lock; on leaving the outermost level, deliver queued events in order."""
        with self._lock:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                flush: list[Callable[[], None]] = []
                if self._depth == 0:
                    flush, self._pending = self._pending, []
        for fn in flush:
            fn()
