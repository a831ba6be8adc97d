"""How long a play takes to be heard: ``play()`` to the first frame the output callback takes,
read from the decoder's own timestamps (the playback benches share this one measurement)."""

from __future__ import annotations

import time

from engine.models import Track
from engine.playback import Player


def time_first_frame(player: Player, track: Track, timeout: float = 5.0) -> tuple[float, float]:
    """Play ``track``; ``(first frame, first audio buffered)`` in ms after ``play()``, or NaN
    for what did not happen within ``timeout`` seconds."""
    t0 = time.perf_counter()
    player.play([track])
    dec = player.feed.current
    deadline = time.monotonic() + timeout
    while dec is not None and dec.first_frame_at is None and time.monotonic() < deadline:
        time.sleep(0.001)  # reading an outside clock (the device), not synchronising
    first = dec.first_frame_at if dec is not None else None
    primed = dec.primed_at if dec is not None else None
    nan = float("nan")
    return (
        (first - t0) * 1000 if first is not None else nan,
        (primed - t0) * 1000 if primed is not None else nan,
    )
