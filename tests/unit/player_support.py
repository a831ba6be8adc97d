"""Generated audio and small helpers shared by the player tests."""

from __future__ import annotations

import queue
import time
from pathlib import Path

import numpy as np
import soundfile as sf

from engine.models import Track

RATE = 44100


def write_noise(
    path: Path, seconds: float, *, rate: int = RATE, seed: int = 0, channels: int = 2
) -> np.ndarray:
    """Write float32 WAV noise (bit-exact round trip); returns the frames (n, channels)."""
    rng = np.random.default_rng(seed)
    data = (rng.uniform(-0.5, 0.5, size=(int(seconds * rate), channels))).astype(np.float32)
    sf.write(path, data, rate, subtype="FLOAT")
    return data


def write_sine(path: Path, seconds: float, freq: float, *, rate: int = RATE) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    data = (0.5 * np.sin(2 * np.pi * freq * t)).astype(np.float32)
    sf.write(path, data, rate, subtype="FLOAT")
    return data


def track(path: Path, track_id: str | None = None, duration: float = 0.0) -> Track:
    return Track(track_id=track_id or path.stem, path=str(path), title=path.stem, duration=duration)


class Events:
    """A listener that queues player events so a test can wait for one (no sleeps)."""

    def __init__(self) -> None:
        self.q: queue.Queue[tuple[str, dict]] = queue.Queue()
        self.seen: list[tuple[str, dict]] = []

    def __call__(self, name: str, payload: dict) -> None:
        self.q.put((name, payload))

    def wait_for(self, name: str, timeout: float = 10.0, **match: object) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no {name!r} event {match} within {timeout}s: {self.seen}")
            try:
                got, payload = self.q.get(timeout=remaining)
            except queue.Empty:
                continue
            self.seen.append((got, payload))
            if got == name and all(payload.get(k) == v for k, v in match.items()):
                return payload

    def names(self) -> list[str]:
        while True:
            try:
                self.seen.append(self.q.get_nowait())
            except queue.Empty:
                return [n for n, _ in self.seen]
