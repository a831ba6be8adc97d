"""A sound "card" for machines without one, for the playback load bench.

ALSA's default device is routed into a FIFO (:mod:`tests.integration.alsa_capture` writes the
``.asoundrc``) that :class:`CardSink` drains like a sound card does: one period every period's
time, from a buffer the size of the pipe (64 KiB = 186 ms at 44.1 kHz float32 stereo). When the
data for a period is not there on time, the "card" plays silence for what is missing (an
underrun, counted) and the late audio follows, as a real card's would after an xrun.
"""

from __future__ import annotations

import contextlib
import os
import select
import threading
import time
from pathlib import Path

import numpy as np

from tests.integration.alsa_capture import route_default_device

RATE = 44100
FRAME_BYTES = 8  # float32 stereo
PERIOD = 512  # frames the "card" plays per step
GAP_FRAMES = 32  # a run of this many zero frames inside the music is a gap (0.7 ms)


class Session:
    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.underruns = 0
        self.late_max = 0.0  # the sink's own worst wake-up delay, seconds

    def audio(self) -> np.ndarray:
        raw = b"".join(self.chunks)
        raw = raw[: len(raw) // FRAME_BYTES * FRAME_BYTES]
        return np.frombuffer(raw, dtype="<f4").reshape(-1, 2)


class CardSink:
    """Drains the ALSA file device's FIFO at the sample rate, like a sound card.

    Each open of the device is one session (the clock starts at its first data and stops when
    the device is closed): its audio is what a listener would have heard (late data preceded
    by the silence the card played meanwhile) and its underruns count the periods whose data
    was not there on time.
    """

    def __init__(self, workdir: Path, rate: int = RATE) -> None:
        self.rate = rate
        self.fifo = workdir / "card.fifo"
        os.mkfifo(self.fifo)
        self.home = route_default_device(workdir / "alsa-home", self.fifo)
        self.sessions: list[Session] = []
        self.closed = threading.Event()  # the device was closed (set after each session)
        self.realtime = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="card", daemon=True)

    def env(self, base: dict[str, str]) -> dict[str, str]:
        return {**base, "HOME": str(self.home)}

    def start(self) -> CardSink:
        self._thread.start()
        return self

    def stop(self) -> list[Session]:
        self._stop.set()
        with contextlib.suppress(OSError):  # a reader blocked in open() waits for a writer
            os.close(os.open(self.fifo, os.O_WRONLY | os.O_NONBLOCK))
        self._thread.join(timeout=10)
        return self.sessions

    def _run(self) -> None:
        # A card's clock is hardware: give the thread that plays its part real-time priority
        # where allowed, so the sink's own lateness is not counted against the player.
        try:
            os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(20))
            self.realtime = True
        except (OSError, AttributeError):
            self.realtime = False
        while not self._stop.is_set():
            fd = os.open(self.fifo, os.O_RDONLY)  # each ALSA open of the device reopens it
            try:
                self._play(fd)
            finally:
                os.close(fd)
                self.closed.set()

    def _play(self, fd: int) -> None:
        want = PERIOD * FRAME_BYTES
        select.select([fd], [], [])  # the clock starts with the first data
        session = Session()
        self.sessions.append(session)
        self.closed.clear()
        start = time.monotonic()
        periods = 0
        pending = b""
        os.set_blocking(fd, False)
        while not self._stop.is_set():
            due = start + (periods + 1) * PERIOD / self.rate
            delay = due - time.monotonic()
            if delay > 0:
                self._stop.wait(delay)
            session.late_max = max(session.late_max, time.monotonic() - due)
            closed = False
            while len(pending) < want:
                try:
                    block = os.read(fd, want - len(pending))
                except BlockingIOError:
                    break
                if not block:
                    closed = True
                    break
                pending += block
            if closed and not pending:
                return  # the stream was closed (stopped or paused): the clock stops too
            took, pending = pending[:want], pending[want:]
            session.chunks.append(took)
            if len(took) < want and not closed:
                session.underruns += 1
                session.chunks.append(bytes(want - len(took)))  # what the card played meanwhile
            periods += 1
            if closed:
                return


def gaps(audio: np.ndarray, min_frames: int = GAP_FRAMES) -> list[tuple[int, int]]:
    """Runs of at least ``min_frames`` all-zero frames between the first and last sound.

    Returns
    -------
    list of (start_frame, length)
    """
    silent = ~np.any(audio != 0.0, axis=1)
    sounding = np.flatnonzero(~silent)
    if len(sounding) == 0:
        return []
    inner = silent[sounding[0] : sounding[-1] + 1].astype(np.int8)
    edges = np.diff(np.concatenate([[0], inner, [0]]))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    return [
        (int(s + sounding[0]), int(e - s))
        for s, e in zip(starts, ends, strict=True)
        if e - s >= min_frames
    ]
