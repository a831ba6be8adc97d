"""The ring's writer may take back what the reader is not about to read, and only that."""

from __future__ import annotations

import numpy as np

from engine.playback.ringbuffer import RingBuffer


def _frames(start: int, n: int) -> np.ndarray:
    return np.arange(start, start + n, dtype=np.float32).reshape(-1, 1)


def test_truncate_rewrites_what_lies_beyond_the_guard() -> None:
    ring = RingBuffer(100, 1)
    assert ring.write(_frames(0, 80)) == 80
    out = np.zeros((10, 1), dtype=np.float32)
    ring.read_into(out)  # the reader is at 10
    assert not ring.truncate(15, guard=8)  # too close to the reader
    assert not ring.truncate(90, guard=8)  # beyond what was written
    assert ring.readable() == 70
    assert ring.truncate(40, guard=8)
    assert ring.readable() == 30
    ring.write(-_frames(40, 10))  # written again, differently
    got = np.zeros((40, 1), dtype=np.float32)
    assert ring.read_into(got) == 40
    np.testing.assert_array_equal(got[:30, 0], np.arange(10, 40))
    np.testing.assert_array_equal(got[30:, 0], -np.arange(40, 50))
