"""How far ahead of the listener the output callback has handed audio to its sink.

A card plays at its own rate: what the callback hands over beyond what the wall clock has
played since the stream's first call back is still in the card's buffer (or a pipe's), so
that is how long the callback can wait for a late decoder before the sink runs dry. A sink
without a clock (ALSA's bare null device, a file writer) takes audio as fast as it comes: its
lead only grows, so a late decoder is waited for instead of being papered over with silence
that such a sink would keep between the notes. Judged over a second of audio at a time, the
same count tells a real-time callback thread that it feeds a sink without a clock.
"""

from __future__ import annotations

PACING_WINDOW_SECONDS = 1.0  # audio the callback's pace is judged over (beyond a start burst)
FAST_FACTOR = 2.0  # taken this many times faster than real time: a sink without a clock
SAFETY_BLOCKS = 1.0  # the sink must still hold this much when the waited-for block arrives
MAX_PATIENCE_SECONDS = 1.0  # a callback never waits longer (a stop must not hang on it)


class SinkClock:
    """Frames handed to the sink against the wall clock, for one stream start at a time.

    Every method takes ``now`` (``time.monotonic()``) so that the arithmetic is testable.

    Parameters
    ----------
    samplerate : int
        Frames per second the sink plays (if it plays in real time at all).
    """

    def __init__(self, samplerate: int) -> None:
        self.samplerate = samplerate
        self._anchor: float | None = None  # when the lead was last known (the stream's start)
        self._taken = 0  # frames handed over since the anchor
        self._window_start = 0.0
        self._window_frames = 0

    @property
    def running(self) -> bool:
        """Whether this stream start has called back yet (PortAudio: on a new thread)."""
        return self._anchor is not None

    def restart(self) -> None:
        """A stream (re)start: the sink is empty again and the next call back begins it."""
        self._anchor = None

    def begin(self, now: float) -> None:
        self._anchor, self._taken = now, 0
        self._window_start, self._window_frames = now, 0

    def ran_dry(self, now: float) -> None:
        """The device said it ran out: it holds nothing now (drift since the start is gone)."""
        self._anchor, self._taken = now, 0

    def lead(self, now: float) -> float:
        """Seconds of audio the sink holds that the listener has not heard yet."""
        if self._anchor is None:
            return 0.0
        return self._taken / self.samplerate - (now - self._anchor)

    def patience(self, frames: int, now: float) -> float:
        """Seconds a callback that must hand over ``frames`` may wait for audio (0: none)."""
        spare = self.lead(now) - SAFETY_BLOCKS * frames / self.samplerate
        return min(max(0.0, spare), MAX_PATIENCE_SECONDS)

    def took(self, frames: int, now: float) -> bool:
        """Count ``frames`` handed over; ``True`` when a window of audio just went by faster
        than a sink with a clock can take it (a stream's start fills the device buffer at
        once; over a second of audio that burst no longer looks like a sink without one)."""
        self._taken += frames
        self._window_frames += frames
        if self._window_frames < PACING_WINDOW_SECONDS * self.samplerate:
            return False
        elapsed = now - self._window_start
        fast = self._window_frames > FAST_FACTOR * self.samplerate * elapsed
        self._window_start, self._window_frames = now, 0
        return fast
