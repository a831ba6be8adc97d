"""What runs inside an analysis worker process: one file in, one vector or one reason out.

Workers never touch the store (only the parent does), so a crash here cannot corrupt it.
"""

from __future__ import annotations

import os
import resource
import signal
from dataclasses import dataclass

import numpy as np

from engine.analysis.params import AnalysisParams
from engine.errors import EncoreError
from engine.parent_watch import exit_with

# Each worker is one of N processes on N cores: a multi-threaded BLAS/FFT inside it would only
# fight its siblings for the same cores.
_SINGLE_THREAD_ENV = {
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "NUMBA_NUM_THREADS": "1",
}


@dataclass(frozen=True, slots=True)
class FileResult:
    track_id: str
    signature: str  # size:mtime_ns of the file as the worker saw it, before decoding
    vector: np.ndarray | None  # shape (n_features,), float32; None on failure
    error: str | None
    seconds: float  # CPU seconds spent on this file
    decoded_s: float  # seconds of audio decoded
    peak_rss_kb: int  # peak resident set of the worker process so far
    pid: int = 0  # the worker that produced it


def peak_rss_kb() -> int:
    """This process's own peak resident set, in KiB.

    Not ``getrusage().ru_maxrss``: on Linux that keeps the high-water mark of the parent that
    forked us from before ``exec``, so a worker spawned by a large process (the desktop, a test
    run) would report the parent's size. ``VmHWM`` belongs to this address space only.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def init_worker(numba_cache_dir: str, parent_pid: int) -> None:
    """Process-pool initializer: end with the parent, quiet Ctrl-C, pin threads, keep numba's
    compiled code."""
    exit_with(parent_pid)
    # The parent handles Ctrl-C and cancels; a worker finishes (or is dropped with) its file.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for key, value in _SINGLE_THREAD_ENV.items():
        os.environ.setdefault(key, value)
    os.environ.setdefault("NUMBA_CACHE_DIR", numba_cache_dir)
    single_threaded_blas()


def single_threaded_blas() -> None:
    """Limit BLAS to one thread in this process, even though numpy is already loaded.

    The environment variables above only reach libraries not yet loaded; numpy's OpenBLAS was
    loaded while the pickled task was imported. Measured here: a 64x1025 mel projection took
    37 ms of CPU with two spinning BLAS threads and 2.6 ms with one.
    """
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1)


def warm_up() -> int:
    """Import librosa and build the filter banks so the first real file is not slow."""
    from engine.analysis.features import extract_features

    extract_features(np.zeros(4096, dtype=np.float32), 22050)
    return os.getpid()


def analyse_file(
    track_id: str, path: str, params: AnalysisParams, expected_s: float = 0.0
) -> FileResult:
    """Decode the windows of ``path`` and extract its vector; never raises for bad audio."""
    import time

    from engine.analysis.decode import decode_windows
    from engine.analysis.features import extract_window_features

    started = time.process_time()
    signature = ""
    vector = None
    error = None
    decoded_s = 0.0
    try:
        st = os.stat(path)
        signature = f"{st.st_size}:{st.st_mtime_ns}"
        decoded = decode_windows(path, params, expected_s=expected_s)
        decoded_s = sum(w.shape[1] for w in decoded.windows) / decoded.sr
        vector = extract_window_features(decoded.windows, decoded.sr, params=params)
    except FileNotFoundError:
        error = "file not found"
    except EncoreError as exc:
        error = str(exc)
    except MemoryError:
        error = "out of memory while analysing"
    except Exception as exc:  # a decoder bug must not end the run; report it for the track
        error = f"analysis error ({type(exc).__name__}: {' '.join(str(exc).split())})"
    return FileResult(
        track_id=track_id,
        signature=signature,
        vector=vector,
        error=error,
        seconds=time.process_time() - started,
        decoded_s=decoded_s,
        peak_rss_kb=peak_rss_kb(),
        pid=os.getpid(),
    )
