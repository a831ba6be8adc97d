"""Real-time scheduling for the threads a listener would hear being late.

A busy machine (analysis on every core, a compiler, a browser) delays ordinary threads by
tens to hundreds of milliseconds; the audio callback must not wait that long, or the card
plays silence. Sound servers ask for round-robin real-time scheduling for their audio threads;
the player does the same for its output callback, and for a decoder only until its first
audio is buffered (so a play starts at once), then gives it back. Where the system does not
allow it (no CAP_SYS_NICE, RLIMIT_RTPRIO 0), nothing changes and playback relies on its
buffers alone.
"""

from __future__ import annotations

import contextlib
import os

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
