"""What the output callback plays: the current decoder, then the pre-opened next one.

:meth:`Feed.fill` runs in the real-time audio callback. It copies and scales; it blocks only
when it runs short and the output says the sink can wait (``patience``, see
:mod:`engine.playback.sink_clock`), and then only for the decoder. A track change is announced
by putting a notice on a ``SimpleQueue`` (lock-free for one producer) that the player's
control thread handles.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from functools import partial

import numpy as np

from engine.playback.decoder import Decoder

WAIT_SLICE_SECONDS = 0.01  # a short feed looks again this often (paused meanwhile? stopped?)


class Feed:
    def __init__(self) -> None:
        self.current: Decoder | None = None
        self.next: Decoder | None = None  # pre-opened so the switch is sample-exact
        self.paused = True
        self.volume = 1.0
        self.starved_blocks = 0
        self.callback_error: str | None = None
        # (ended decoder, decoder now playing or None); read by the player's control thread.
        self.notices: queue.SimpleQueue[tuple[Decoder, Decoder | None]] = queue.SimpleQueue()
        self.posted = 0
        self.handled = 0
        self._handled_event = threading.Event()

    def fill(self, out: np.ndarray, *, patience: float = 0.0) -> bool:
        """Fill ``out`` (frames, channels) float32 in place; ``True`` if audio ran short.

        Short of audio (a decoder still opening, or behind), wait up to ``patience`` seconds
        for it before the rest is silence.
        """
        try:
            return self._fill(out, patience)
        except Exception as exc:  # raising here would stop the stream for good
            out.fill(0.0)
            self.callback_error = f"{type(exc).__name__}: {exc}"
            return False

    def _fill(self, out: np.ndarray, patience: float) -> bool:
        n = len(out)
        pos = 0
        starved = False
        deadline: float | None = None
        if self.paused:
            out.fill(0.0)
            return False
        while pos < n and not self.paused:
            src = self.current
            if src is None:
                if self.handled < self.posted:
                    # A track ran out and the control thread has yet to say what follows.
                    deadline = deadline or time.monotonic() + patience
                    if self._wait(self.wait_settled, deadline):
                        continue
                break  # nothing queued: silence, not an underrun
            if not src.primed:
                # A fresh decoder still opening: silence (not an underrun) unless it is worth
                # waiting for.
                deadline = deadline or time.monotonic() + patience
                if self._wait(src.wait_primed, deadline):
                    continue
                break
            got = src.read_into(out[pos:])
            if got:
                scale = src.gain * self.volume
                if scale != 1.0:
                    out[pos : pos + got] *= scale
                pos += got
            if pos < n:
                if src.exhausted:
                    nxt = self.next
                    self.next = None
                    self.current = nxt
                    self.posted += 1
                    self.notices.put((src, nxt))
                    continue
                deadline = deadline or time.monotonic() + patience
                if self._wait(partial(src.wait_buffered, n - pos), deadline):
                    continue
                starved = True
                break
        if pos < n:
            out[pos:].fill(0.0)
        # Normalisation gain can push peaks past full scale: clip rather than wrap.
        np.clip(out, -1.0, 1.0, out=out)
        if starved:
            self.starved_blocks += 1
        return starved

    def _wait(self, until: Callable[[float], bool], deadline: float) -> bool:
        """Wait a little for a decoder or the control thread (``until(timeout)``); ``False``
        once the deadline has passed or the feed was paused. The caller looks again after
        each wait, so a pause or a stop (which waits for the callback) is never held up."""
        remaining = deadline - time.monotonic()
        if remaining <= 0 or self.paused:
            return False
        until(min(remaining, WAIT_SLICE_SECONDS))
        return True

    # --- the control thread's side -------------------------------------------------------
    def mark_handled(self) -> None:
        self.handled += 1
        self._handled_event.set()

    def wait_settled(self, timeout: float) -> bool:
        """Block until every track-change notice has been handled by the control thread."""
        deadline = time.monotonic() + timeout
        while self.handled < self.posted:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            self._handled_event.wait(remaining)
            self._handled_event.clear()
        return True

    def wait_ready(self, frames: int, timeout: float = 10.0) -> None:
        """Block until ``frames`` of audio can be played without a gap (test/NullOutput use)."""
        self.wait_settled(timeout)
        cur = self.current
        if cur is None or self.paused:
            return
        cur.wait_primed(timeout)
        cur.wait_buffered(frames, timeout)
        have = cur.ring.readable()
        nxt = self.next
        if (cur.finished or cur.error) and have < frames and nxt is not None:
            nxt.wait_primed(timeout)
            nxt.wait_buffered(frames - have, timeout)
