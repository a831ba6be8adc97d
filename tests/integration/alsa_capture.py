"""A real-time sound "card" for machines without one: ALSA's file device into a paced FIFO.

``pcm.!default {type file; slave.pcm "null"; file ...}`` turns the default ALSA device into a
writer of raw samples, but the null slave has no clock: it takes audio as fast as it comes.
Pointing the file at a named pipe and reading it at the sample rate gives the writer the
back-pressure of a real card, so playback runs in real time and underruns are real ones.
Used by the real-sound test and the playback benchmark; the child process gets a throwaway
HOME holding the ``.asoundrc``, never the user's.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path


def route_default_device(home: Path, fifo: Path) -> Path:
    """Make ``home`` a HOME whose ``.asoundrc`` writes ALSA's default device into ``fifo``
    (raw samples, through the null device: no clock of its own); returns ``home``."""
    home.mkdir(parents=True, exist_ok=True)
    (home / ".asoundrc").write_text(
        f'pcm.!default {{\n  type file\n  slave.pcm "null"\n  file "{fifo}"\n  format "raw"\n}}\n'
    )
    return home


class PacedCapture:
    """Reads the ALSA file device's FIFO at ``rate`` frames/s and keeps what it read.

    Parameters
    ----------
    workdir : Path
        Where the FIFO and the fake HOME go.
    rate : int
        Frames per second the "card" consumes (the device's default rate: 44100).
    frame_bytes : int
        Bytes per frame: float32 stereo is 8.
    paced : bool
        ``False`` reads as fast as the writer writes (no clock, like the bare null device).
    """

    def __init__(
        self, workdir: Path, *, rate: int = 44100, frame_bytes: int = 8, paced: bool = True
    ) -> None:
        self.rate = rate
        self.frame_bytes = frame_bytes
        self.paced = paced
        self.fifo = workdir / "capture.fifo"
        if not self.fifo.exists():
            os.mkfifo(self.fifo)
        self.home = route_default_device(workdir / "alsa-home", self.fifo)
        self.data = bytearray()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._read, name="alsa-capture", daemon=True)

    def env(self, base: dict[str, str] | None = None) -> dict[str, str]:
        env = dict(os.environ if base is None else base)
        env["HOME"] = str(self.home)
        return env

    def start(self) -> PacedCapture:
        self._thread.start()
        return self

    def stop(self) -> bytes:
        self._stop.set()
        # A reader blocked in open() waits for a writer: become one for a moment.
        try:
            fd = os.open(self.fifo, os.O_WRONLY | os.O_NONBLOCK)
            os.close(fd)
        except OSError:
            pass
        self._thread.join(timeout=5)
        return bytes(self.data)

    def _read(self) -> None:
        chunk_frames = 512
        start: float | None = None
        frames = 0
        while not self._stop.is_set():
            fd = os.open(self.fifo, os.O_RDONLY)  # each ALSA open of the device reopens it
            try:
                # After stop() keep reading, unpaced, until the writer's end: nothing is lost.
                while True:
                    block = os.read(fd, chunk_frames * self.frame_bytes)
                    if not block:
                        break  # the writer closed the device
                    self.data += block
                    if not self.paced or self._stop.is_set():
                        continue
                    if start is None:
                        start = time.monotonic()
                    frames += len(block) // self.frame_bytes
                    # The card's clock: do not take more than `rate` frames per second.
                    due = start + frames / self.rate - time.monotonic()
                    if due > 0:
                        self._stop.wait(due)
            finally:
                os.close(fd)
