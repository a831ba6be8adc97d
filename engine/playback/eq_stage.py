"""The equaliser between a decoder and its ring, able to reach audio already buffered.

A decoder keeps seconds of audio in its ring, so a change applied only to newly decoded audio
would be heard seconds late. This stage keeps a copy of the unequalised audio and the
equaliser's state at each block; after a change it takes back what the ring holds beyond a
safety margin ahead of the reader (:meth:`RingBuffer.truncate`), restores the state from
there and equalises that audio again, ramping to the new setting. The change is heard about
:data:`REWIND_SECONDS` later, without a click and without decoding anything twice.
"""

from __future__ import annotations

import threading
from collections import deque

import numpy as np

from engine.eq_settings import EqSettings
from engine.playback.equaliser import Equaliser
from engine.playback.ringbuffer import RingBuffer

REWIND_SECONDS = 0.2  # how far ahead of the reader buffered audio is taken back
MAX_READ_FRAMES = 8192  # more than an output callback takes at once
RAW_SLACK_FRAMES = 1 << 16  # a decoded block beyond the ring (resampling can grow it)


class EqStage:
    def __init__(self, ring: RingBuffer, rate: int, settings: EqSettings) -> None:
        self.eq = Equaliser(rate, ring.channels, settings)
        self._ring = ring
        self._cap = ring.capacity + RAW_SLACK_FRAMES
        self._raw = np.zeros((self._cap, ring.channels), dtype=np.float32)
        self._margin = max(round(REWIND_SECONDS * rate), MAX_READ_FRAMES)
        self._produced = 0  # frames equalised so far (in the ring, or pending for it)
        self._marks: deque[tuple[int, tuple]] = deque()  # (frame, equaliser state before it)
        self._replay_to = 0  # frames up to here are taken again from the raw copy
        self.changed = False
        self.handled = threading.Event()  # the last change reached the ring (tests wait)
        self.handled.set()

    def set(self, settings: EqSettings) -> None:
        """A new setting (any thread): applies from the next block, then :meth:`rewind`."""
        self.handled.clear()
        self.eq.set(settings)
        self.changed = True

    def replay(self, frames: int) -> np.ndarray | None:
        """The next raw block to equalise again after a rewind, else ``None``."""
        if self._produced >= self._replay_to:
            return None
        n = min(frames, self._replay_to - self._produced)
        return self._slice(self._produced, n)

    def process(self, block: np.ndarray, *, replayed: bool = False) -> np.ndarray:
        """Equalise the next ``block`` (n, channels) of the stream."""
        start = self._produced
        if not replayed:
            self._store(start, block)
        self._marks.append((start, self.eq.state()))
        read = self._ring.read_total
        while len(self._marks) > 1 and self._marks[1][0] <= read:
            self._marks.popleft()  # states before what is already played are of no use
        self._produced = start + len(block)
        return self.eq.process(block)

    def rewind(self) -> bool:
        """After a change: take back the ring's audio from the first block boundary at least
        :data:`REWIND_SECONDS` ahead of the reader; ``True`` if it did (drop what is pending)."""
        self.changed = False
        limit = self._ring.read_total + self._margin
        for i, (frame, state) in enumerate(self._marks):
            if frame < limit:
                continue
            if not self._ring.truncate(frame, MAX_READ_FRAMES):
                return False
            settings = self.eq.settings
            self.eq.restore(state)
            self.eq.set(settings)  # the restored state ramps from there to the new setting
            self._replay_to = max(self._replay_to, self._produced)
            self._produced = frame
            for _ in range(len(self._marks) - i):
                self._marks.pop()
            return True
        return False

    def _store(self, start: int, block: np.ndarray) -> None:
        at = start % self._cap
        first = min(len(block), self._cap - at)
        self._raw[at : at + first] = block[:first]
        self._raw[: len(block) - first] = block[first:]

    def _slice(self, start: int, n: int) -> np.ndarray:
        at = start % self._cap
        if at + n <= self._cap:
            return self._raw[at : at + n].copy()
        return np.concatenate([self._raw[at:], self._raw[: n - (self._cap - at)]])
