"""A single-producer, single-consumer ring buffer of audio frames.

The decoder thread writes and the audio callback reads. Neither side takes a lock: each side
only advances its own counter, and the counters only grow, so under the GIL a reader never sees
frames that are not fully written. That keeps the real-time callback free of blocking calls.
"""

from __future__ import annotations

import numpy as np


class RingBuffer:
    """Fixed-capacity FIFO of float32 frames, shape ``(capacity, channels)``.

    Parameters
    ----------
    capacity : int
        Frames the buffer holds.
    channels : int
        Samples per frame.
    """

    def __init__(self, capacity: int, channels: int) -> None:
        if capacity < 1 or channels < 1:
            raise ValueError("capacity and channels must be positive")
        self._data = np.zeros((capacity, channels), dtype=np.float32)
        self.capacity = capacity
        self.channels = channels
        # Monotonic totals; only the writer touches _written, only the reader _read.
        self._written = 0
        self._read = 0

    @property
    def read_total(self) -> int:
        """Frames the reader has taken since the start."""
        return self._read

    def truncate(self, total: int, guard: int) -> bool:
        """Writer only: forget what was written after frame ``total`` (counted from the
        start), to write it again differently. Refused (``False``) unless the reader is at
        least ``guard`` frames before that point, ``guard`` being more than it takes at once;
        the check is repeated after the cut in case it moved meanwhile."""
        old = self._written
        if not self._read + guard <= total <= old:
            return False
        self._written = total
        if self._read + guard > total:  # the reader moved on meanwhile: leave all as it was
            self._written = old
            return False
        return True

    def readable(self) -> int:
        return self._written - self._read

    def writable(self) -> int:
        return self.capacity - (self._written - self._read)

    def write(self, frames: np.ndarray) -> int:
        """Copy as many of ``frames`` (shape ``(n, channels)``) as fit; return how many."""
        n = min(len(frames), self.writable())
        if n <= 0:
            return 0
        start = self._written % self.capacity
        first = min(n, self.capacity - start)
        self._data[start : start + first] = frames[:first]
        if first < n:
            self._data[: n - first] = frames[first:n]
        self._written += n
        return n

    def read_into(self, out: np.ndarray) -> int:
        """Copy up to ``len(out)`` frames into ``out`` (shape ``(m, channels)``); return count."""
        n = min(len(out), self.readable())
        if n <= 0:
            return 0
        start = self._read % self.capacity
        first = min(n, self.capacity - start)
        out[:first] = self._data[start : start + first]
        if first < n:
            out[first:n] = self._data[: n - first]
        self._read += n
        return n
