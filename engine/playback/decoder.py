"""Decoding one file in a background thread into a ring buffer the audio callback drains.

Files are opened by the shared reader (:mod:`engine.audio.reader`, as analysis does). Audio is
converted to float32 at the output's rate and channel count here, in the decoder thread, so the
callback only copies.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from engine.audio.reader import AudioReader, StrOrBytesPath, open_audio
from engine.eq_settings import EqSettings
from engine.errors import DecodeError
from engine.playback.eq_stage import EqStage
from engine.playback.priority import (
    lower_thread_priority,
    raise_thread_priority,
    start_urgent,
)
from engine.playback.ringbuffer import RingBuffer

BLOCK_FRAMES = 4096  # source frames decoded per step
RING_SECONDS = 4.0
PRIME_SECONDS = 0.05  # buffered audio before a fresh decoder is played (or EOF)
URGENT_LEAD_SECONDS = 0.5  # buffered before a starting decoder gives up real-time priority
FULL_POLL_SECONDS = 0.02  # how often a decoder with a full ring looks again


def warm_up() -> None:
    """Import the codec (and equaliser) libraries now (PyAV alone takes ~0.2 s), so the
    first m4a a user plays starts as fast as the rest. Called in a background thread by
    the player."""
    for module in ("soundfile", "soxr", "av", "scipy.signal"):  # scipy: the equaliser
        with contextlib.suppress(Exception):
            __import__(module)


class Decoder:
    """One playing (or about to play) file: a decoding thread feeding a ring buffer.

    The audio callback calls :meth:`read_into`; everything else happens in the thread.

    Parameters
    ----------
    path : str, bytes or path-like
        The audio file (any name the file system holds, UTF-8 or not).
    out_rate, channels : int
        What the output device plays; decoding converts to this.
    start : float
        Seconds into the file to begin at (seek).
    gain : float
        Linear loudness-normalisation gain for this track, applied by the output feed.
    tag : object
        Whatever the owner needs to recognise this decoder later (the queue entry).
    equaliser : EqSettings, optional
        The graphic equaliser applied before the ring (off when not given).
    after : Decoder, optional
        Start decoding only once this one has filled its ring (or ended): a pre-opened next
        track must not compete with the start of the current one for the CPU.
    """

    def __init__(
        self,
        path: StrOrBytesPath,
        *,
        out_rate: int,
        channels: int = 2,
        start: float = 0.0,
        gain: float | Callable[[], float] = 1.0,
        tag: object = None,
        ring_seconds: float = RING_SECONDS,
        after: Decoder | None = None,
        equaliser: EqSettings | None = None,
    ) -> None:
        self.path = os.fsdecode(path)
        self.out_rate = int(out_rate)
        self.channels = channels
        self.start = max(0.0, float(start))
        # A callable is asked on the decoder's thread before the first sample is decoded:
        # looking the loudness up in the store must not happen on the caller's (GUI) thread.
        self._gain_fn = gain if callable(gain) else None
        self.gain = 1.0 if callable(gain) else float(gain)
        self.tag = tag
        self.ring = RingBuffer(int(ring_seconds * out_rate), channels)
        self._eq = EqStage(self.ring, self.out_rate, equaliser or EqSettings())
        self.consumed = 0  # frames handed to the output (written only by the callback)
        self.duration = 0.0  # seconds, known once the file is open
        self.primed = False
        self.finished = False  # the whole file is in the ring
        self.error: str | None = None
        self.created_at = time.perf_counter()
        self.primed_at: float | None = None  # perf_counter when the first audio was buffered
        self.first_frame_at: float | None = None  # perf_counter of the first audible frame
        self._closed = False
        self._wake = threading.Event()
        self._primed_event = threading.Event()
        self.filled = threading.Event()  # the ring was full once, or decoding ended
        self._progress = threading.Event()
        self._prime_frames = max(1, int(PRIME_SECONDS * out_rate))
        self._lead_frames = min(int(URGENT_LEAD_SECONDS * out_rate), self.ring.capacity)
        self._after = after
        self._urgent = False  # real-time until URGENT_LEAD_SECONDS are buffered (priority.py)
        self._thread = threading.Thread(
            target=self._run, name=f"decoder:{Path(self.path).name}", daemon=True
        )
        if after is None:  # someone is waiting to hear this one: start it ahead of the load
            self._started = start_urgent(self._thread)
        else:
            self._thread.start()
            self._started = threading.Event()
            self._started.set()

    # --- called from the audio callback: no locks, no blocking ---------------------------
    def read_into(self, out: np.ndarray) -> int:
        n = self.ring.read_into(out)
        if n and self.first_frame_at is None:
            self.first_frame_at = time.perf_counter()
        self.consumed += n
        return n

    @property
    def exhausted(self) -> bool:
        """Nothing more will come: decoded to the end (or failed) and the ring is drained."""
        return (self.finished or self.error is not None) and self.ring.readable() == 0

    def position(self) -> float:
        """Seconds into the file of the next frame to be played."""
        return self.start + self.consumed / self.out_rate

    # --- control ---------------------------------------------------------------------------
    def wait_primed(self, timeout: float) -> bool:
        """Block until the first audio is buffered or the decoder ended (tests, NullOutput)."""
        deadline = time.monotonic() + timeout
        while not self.primed:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            self._primed_event.wait(remaining)
        return True

    def wait_buffered(self, frames: int, timeout: float) -> bool:
        """Block until ``frames`` are buffered, the ring is full or decoding ended."""
        deadline = time.monotonic() + timeout
        while True:
            if (
                self.ring.readable() >= min(frames, self.ring.capacity)
                or self.finished
                or self.error is not None
            ):
                return True
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            self._progress.wait(min(remaining, FULL_POLL_SECONDS))
            self._progress.clear()

    def set_equaliser(self, settings: EqSettings) -> None:
        """Change the equaliser now: heard ~0.2 s later, buffered audio included."""
        self._eq.set(settings)
        self._wake.set()

    def wait_equalised(self, timeout: float) -> bool:
        """Block until the last equaliser change reached the buffered audio (tests)."""
        return self._eq.handled.wait(timeout)

    def close(self) -> None:
        self._closed = True
        self._wake.set()

    def join(self, timeout: float | None = None) -> None:
        if self._started.wait(timeout):
            self._thread.join(timeout)

    # --- the decoding thread -------------------------------------------------------------
    def _set_primed(self) -> None:
        if not self.primed:
            self.primed_at = time.perf_counter()
            self.primed = True
            self._primed_event.set()

    def _run(self) -> None:
        reader: AudioReader | None = None
        after, self._after = self._after, None
        while after is not None and not after.filled.is_set() and not self._closed:
            after.filled.wait(FULL_POLL_SECONDS)
        # Someone is waiting to hear this one: open and prime it ahead of the machine's load.
        self._urgent = after is None and raise_thread_priority()
        if self._gain_fn is not None:
            with contextlib.suppress(Exception):  # no loudness known: play it as it is
                self.gain = float(self._gain_fn())
        try:
            reader = open_audio(self.path, channels=self.channels)
            self.duration = reader.duration
            if self.start > 0:
                if reader.duration and self.start >= reader.duration:
                    self.finished = True
                    return
                reader.seek(self.start)
            resampler = None
            if reader.samplerate != self.out_rate:
                import soxr

                resampler = soxr.ResampleStream(
                    reader.samplerate, self.out_rate, reader.channels, dtype="float32"
                )
            self._pump(reader, resampler)
        except DecodeError as exc:
            self.error = f"{self.path}: {exc}"
        except Exception as exc:  # a broken file must never take the player down
            self.error = f"{self.path}: cannot decode ({type(exc).__name__}: {exc})"
        finally:
            if reader is not None:
                with contextlib.suppress(Exception):
                    reader.close()
            self._set_primed()
            self.filled.set()
            self._progress.set()
            self._calm()

    def _calm(self) -> None:
        """Enough is buffered to ride out a busy machine: decode the rest as ordinary work."""
        if self._urgent:
            self._urgent = False
            lower_thread_priority()

    def _pump(self, reader: AudioReader, resampler: object | None) -> None:
        pending: np.ndarray | None = None
        eof = False
        while not self._closed:
            if self._eq.changed:
                # Not "finished" while the ring's end is taken back, or the callback would
                # take the cut for the end of the track.
                was_finished, self.finished = self.finished, False
                if self._eq.rewind():
                    pending = None  # taken back: equalised again from the raw copy
                else:
                    self.finished = was_finished
                self._eq.handled.set()
            if pending is None or len(pending) == 0:
                again = self._eq.replay(BLOCK_FRAMES)
                if again is not None:
                    pending = self._eq.process(again, replayed=True)
                    continue
                if eof:
                    # The whole file is in the ring. Stay until closed: an equaliser change
                    # can still reach what the ring holds.
                    self.finished = True
                    self.filled.set()
                    self._progress.set()
                    self._calm()
                    self._idle()
                    continue
                block = reader.read(BLOCK_FRAMES)
                if block is None:
                    eof = True
                    if resampler is None:
                        continue
                    block = np.zeros((0, reader.channels), dtype=np.float32)
                    block = resampler.resample_chunk(block, last=True)  # type: ignore[attr-defined]
                elif resampler is not None:
                    block = resampler.resample_chunk(block)  # type: ignore[attr-defined]
                pending = self._eq.process(block) if len(block) else block
                continue
            written = self.ring.write(pending)
            pending = pending[written:]
            if written:
                self._progress.set()
                if self.ring.readable() >= self._prime_frames:
                    self._set_primed()
                if self._urgent and self.ring.readable() >= self._lead_frames:
                    self._calm()
            if len(pending):
                # Ring full: the callback drains it; look again shortly (close() wakes us).
                self.filled.set()
                self._idle(FULL_POLL_SECONDS)

    def _idle(self, timeout: float | None = None) -> None:
        self._wake.wait(timeout)
        self._wake.clear()
