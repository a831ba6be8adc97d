"""Output backends: the real sound card through sounddevice, and a null one for tests.

Both pull audio from a :class:`~engine.playback.feed.Feed`. The sounddevice callback only copies
from ring buffers and scales (no file I/O, no large allocations) and counts underruns. When the
feed runs short it waits for the decoder only as long as the audio the sink already holds lasts
(:mod:`engine.playback.sink_clock`: on a sink without a clock, until the decoder catches up), so
a stream's start writes a few blocks of silence at most, never "silence until the decoder is
back". While the feed is paused neither pulls anything: the stream ends itself once what it
holds has played (a sink that does not pace itself would otherwise take silence at full speed).
"""

from __future__ import annotations

import contextlib
import threading
import time
from typing import Protocol

import numpy as np

from engine.errors import EncoreError
from engine.playback.feed import Feed
from engine.playback.priority import lower_thread_priority, raise_thread_priority
from engine.playback.sink_clock import SinkClock

DEFAULT_RATE = 44100


class OutputError(EncoreError):
    """No usable audio output (no device, PortAudio missing, device busy)."""


class Output(Protocol):
    samplerate: int
    channels: int

    @property
    def underruns(self) -> int: ...

    @property
    def latency(self) -> float:
        """Seconds between a frame leaving the callback and the listener hearing it."""

    def start(self, feed: Feed) -> None:
        """Begin pulling from ``feed`` (idempotent); raises :class:`OutputError`."""

    def stop(self) -> None: ...

    def close(self) -> None: ...


class SoundDeviceOutput:
    """A ``sounddevice.OutputStream`` at the device's default rate, float32 stereo.

    Parameters
    ----------
    device : str or int or None
        A device name (substring, as sounddevice matches it) or index; ``None`` = default.
    blocksize : int
        Frames per callback; larger survives a busy CPU better, smaller reacts faster.
    latency : str or float
        PortAudio's suggested latency ("low", "high" or seconds).
    """

    def __init__(
        self,
        device: str | int | None = None,
        *,
        samplerate: int | None = None,
        channels: int = 2,
        blocksize: int = 1024,
        latency: str | float = "high",
    ) -> None:
        try:
            import sounddevice
        except OSError as exc:  # PortAudio library missing
            raise OutputError(f"no audio output: PortAudio is not available ({exc})") from None
        self._sd = sounddevice
        try:
            info = sounddevice.query_devices(device, "output")
        except (ValueError, sounddevice.PortAudioError) as exc:
            what = f"output device {device!r}" if device is not None else "a default output device"
            raise OutputError(f"no audio output: cannot find {what} ({exc})") from None
        self.device = info["index"] if isinstance(info, dict) and "index" in info else device
        self.device_name = str(info.get("name", device)) if isinstance(info, dict) else str(device)
        self.samplerate = int(samplerate or info.get("default_samplerate") or DEFAULT_RATE)
        self.channels = channels
        self._blocksize = blocksize
        self._latency = latency
        self._stream = None
        self._feed: Feed | None = None
        self.device_underflows = 0
        self.starved = 0
        self.callbacks = 0
        self._ending = False  # the callback asked PortAudio to finish the stream (paused)
        self.realtime = False  # the callback thread got real-time scheduling
        self._clock = SinkClock(self.samplerate)

    @property
    def underruns(self) -> int:
        return self.device_underflows + self.starved

    @property
    def latency(self) -> float:
        stream = self._stream
        return float(stream.latency) if stream is not None else 0.0

    @property
    def active(self) -> bool:
        """Whether PortAudio is calling back for audio (false once a pause has drained)."""
        stream = self._stream
        return stream is not None and stream.active

    def _callback(self, outdata: np.ndarray, frames: int, time_info: object, status) -> None:
        now = time.monotonic()
        if not self._clock.running:  # the first call on this stream's (new) thread
            self.realtime = raise_thread_priority()
            self._clock.begin(now)
        self.callbacks += 1
        if status.output_underflow:
            self.device_underflows += 1
            self._clock.ran_dry(now)
        feed = self._feed
        if feed is None or feed.paused:
            outdata.fill(0.0)
            self._ending = True
            # PortAudio plays what it holds, then stops calling: start() restarts it.
            raise self._sd.CallbackStop
        if feed.fill(outdata, patience=self._clock.patience(frames, now)):
            self.starved += 1
        if self._clock.took(frames, time.monotonic()) and self.realtime:
            # A sink without a clock calls back as fast as it can: a real-time thread doing
            # that would take a core from everything else, so it goes back to the ordinary.
            lower_thread_priority()
            self.realtime = False

    def start(self, feed: Feed) -> None:
        self._feed = feed
        stream = self._stream
        if stream is not None and stream.active and not self._ending:
            return
        try:
            if stream is not None and not stream.stopped:
                stream.stop()  # ended by the callback (or ending): PortAudio wants a stop first
            self._ending = False
            self._clock.restart()  # PortAudio calls back on a new thread, into an empty sink
            if self._stream is None:
                self._stream = self._sd.OutputStream(
                    samplerate=self.samplerate,
                    channels=self.channels,
                    dtype="float32",
                    device=self.device,
                    blocksize=self._blocksize,
                    latency=self._latency,
                    callback=self._callback,
                )
            self._stream.start()
        except (self._sd.PortAudioError, ValueError) as exc:
            self._stream = None
            raise OutputError(f"cannot open audio output {self.device_name!r}: {exc}") from None

    def stop(self) -> None:
        if self._stream is not None and self._stream.active:
            with contextlib.suppress(self._sd.PortAudioError):
                self._stream.stop()

    def close(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            with contextlib.suppress(self._sd.PortAudioError):
                stream.close()


class NullOutput:
    """Renders into memory instead of a sound card: tests and headless use.

    With ``realtime=False`` nothing happens until :meth:`render` is called, which waits until
    the feed can supply the frames (so tests are deterministic). With ``realtime=True`` a
    thread pulls blocks at the output rate, like a device would, and parks (``parked`` is
    set) while stopped or paused. ``pulled_frames`` counts what was taken from the feed.
    """

    def __init__(
        self,
        samplerate: int = DEFAULT_RATE,
        channels: int = 2,
        *,
        realtime: bool = False,
        blocksize: int = 1024,
        keep: bool = True,
    ) -> None:
        self.samplerate = samplerate
        self.channels = channels
        self.blocksize = blocksize
        self.keep = keep
        self.realtime = realtime
        self.starved = 0
        self.rendered_frames = 0
        self.pulled_frames = 0
        self.parked = threading.Event()
        self._blocks: list[np.ndarray] = []
        self._feed: Feed | None = None
        self._running = False
        self._closed = False
        self._thread: threading.Thread | None = None
        self._wake = threading.Event()
        self._closing = threading.Event()

    @property
    def underruns(self) -> int:
        return self.starved

    @property
    def latency(self) -> float:
        return 0.0

    def start(self, feed: Feed) -> None:
        self._feed = feed
        self._running = True
        if self.realtime and self._thread is None:
            self._thread = threading.Thread(target=self._clock, name="null-output", daemon=True)
            self._thread.start()
        self._wake.set()

    def stop(self) -> None:
        self._running = False

    def close(self) -> None:
        self.stop()
        self._closed = True
        self._closing.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=2)

    def _pulling(self) -> bool:
        feed = self._feed
        return self._running and feed is not None and not feed.paused

    def render(self, frames: int, *, wait: bool = True) -> np.ndarray:
        """Pull ``frames`` from the feed now; returns them, shape ``(frames, channels)``.

        Stopped or paused, nothing is pulled: the frames are silence.
        """
        block = np.zeros((frames, self.channels), dtype=np.float32)
        feed = self._feed
        done = 0
        while feed is not None and done < frames and self._pulling():
            step = min(self.blocksize, frames - done)
            if wait:
                feed.wait_ready(step)
            if feed.fill(block[done : done + step]):
                self.starved += 1
            self.pulled_frames += step
            done += step
        if self.keep:
            self._blocks.append(block)
        self.rendered_frames += frames
        return block

    def audio(self) -> np.ndarray:
        """Everything rendered so far, shape ``(n, channels)``."""
        if not self._blocks:
            return np.zeros((0, self.channels), dtype=np.float32)
        return np.concatenate(self._blocks)

    def _clock(self) -> None:
        period = self.blocksize / self.samplerate
        next_due = time.monotonic()
        while not self._closed:
            if not self._pulling():
                self._wake.clear()
                if not self._pulling():  # start() may have run since the first look
                    self.parked.set()
                    self._wake.wait()
                    self.parked.clear()
                next_due = time.monotonic()
                continue
            self.render(self.blocksize, wait=False)
            next_due += period
            self._closing.wait(max(0.0, next_due - time.monotonic()))


def open_output(device: str | None = None) -> Output:
    """The output for a setting: ``"null"`` renders nowhere in real time, else sounddevice."""
    if device == "null":
        return NullOutput(realtime=True, keep=False)
    name: str | int | None = device
    if device is not None and device.isdigit():
        name = int(device)
    return SoundDeviceOutput(name)
