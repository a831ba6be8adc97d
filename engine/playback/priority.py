"""Real-time scheduling for the threads a listener would hear being late.

A busy machine (analysis on every core, a compiler, a browser) delays ordinary threads by
tens to hundreds of milliseconds; the audio callback must not wait that long, or the card
plays silence. Sound servers ask for round-robin real-time scheduling for their audio threads;
the player does the same for its output callback, and for a starting decoder only until
half a second is buffered (so a play starts at once and outruns the stream's start), then
gives it back. Where the system does not allow it (no CAP_SYS_NICE, RLIMIT_RTPRIO 0),
nothing changes and playback relies on its buffers alone.
"""

from __future__ import annotations

import contextlib
import os
import queue
import threading

# Low among real-time threads: a sound server's own (PipeWire, PulseAudio: 20) stay above.
RT_PRIORITY = 5


def raise_thread_priority() -> bool:
    """Real-time (SCHED_RR) scheduling for the calling thread; returns whether it was granted."""
    try:
        os.sched_setscheduler(0, os.SCHED_RR, os.sched_param(RT_PRIORITY))
    except (OSError, AttributeError):  # not permitted, or not Linux
        return False
    return True


def lower_thread_priority() -> None:
    """Back to ordinary scheduling for the calling thread (always permitted)."""
    with contextlib.suppress(OSError, AttributeError):
        os.sched_setscheduler(0, os.SCHED_OTHER, os.sched_param(0))


class _Starter:
    """A real-time thread that starts threads, which inherit its scheduling: a new decoder
    then runs at once instead of first waiting for the CPU as an ordinary thread would."""

    def __init__(self) -> None:
        self._requests: queue.SimpleQueue[tuple[threading.Thread, threading.Event]] = (
            queue.SimpleQueue()
        )
        self.realtime = False
        ready = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(ready,), name="urgent-starter", daemon=True
        )
        self._thread.start()
        ready.wait()

    def _run(self, ready: threading.Event) -> None:
        self.realtime = raise_thread_priority()
        ready.set()
        while True:
            thread, started = self._requests.get()
            try:
                thread.start()
            finally:
                started.set()

    def start(self, thread: threading.Thread) -> threading.Event:
        started = threading.Event()
        if not self.realtime:
            thread.start()  # nothing to inherit: start it here, as any thread
            started.set()
        else:
            self._requests.put((thread, started))
        return started


_starter: _Starter | None = None
_starter_lock = threading.Lock()


def start_urgent(thread: threading.Thread) -> threading.Event:
    """Start ``thread`` with real-time scheduling where allowed (it should lower itself
    with :func:`lower_thread_priority` once the urgent part is done); the returned event
    is set once it has started."""
    global _starter
    with _starter_lock:
        if _starter is None:
            _starter = _Starter()
    return _starter.start(thread)
