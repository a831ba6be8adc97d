"""Analyse every track that needs it, in a process pool, cancellable and resumable.

Resumable and cached because the store decides what is due: ``tracks_to_analyse`` returns
tracks without a vector of :data:`FEATURE_VERSION` for their current file signature (and not
already failed for it). Results are written in batches as they arrive, so a cancelled or killed
run keeps everything finished so far and the next run picks up the rest. Only this (parent)
process touches the store.

Songs a listener asks for meanwhile (:class:`~engine.analysis.wanted.Wanted`) are handed out
next and saved the moment they are done, and ``on_saved`` hears every batch written, so the
desktop can show a song's recommendations as soon as it is analysed, not when the run ends.
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from engine.analysis import numba_cache
from engine.analysis.features import FEATURE_NAMES, FEATURE_VERSION
from engine.analysis.params import DEFAULT_PARAMS, AnalysisParams
from engine.analysis.wanted import Wanted
from engine.analysis.worker import FileResult, analyse_file, init_worker, warm_up
from engine.models import Track, TrackFeatures
from engine.progress import Progress, ProgressCallback, say_waiting
from engine.stores.protocol import Store

_FLUSH_EVERY = 64  # results per store write
# ...or at least this often: a crash loses little, and a song analysed a moment ago can be
# recommended (a write of a few vectors costs milliseconds).
_FLUSH_SECONDS = 0.5
_CRASH_RETRIES = 1  # a file in flight when a worker died is retried this many times


@dataclass
class AnalysisSummary:
    analysed: int = 0
    failed: int = 0
    skipped: int = 0  # already analysed (cached) or already failed for this file signature
    cancelled: bool = False
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # summed over workers, analysis of files only
    audio_seconds: float = 0.0  # decoded audio, summed
    worker_peak_rss_kb: dict[int, int] = field(default_factory=dict)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)

    def line(self) -> str:
        # "skipped (cached)" read as if songs had been left out; they had been done before.
        text = f"analysed {self.analysed}, failed {self.failed}, {self.skipped} already analysed"
        return text + (" — cancelled, run again to resume" if self.cancelled else "")


Saved = Callable[[list[str]], None]  # the track ids of one batch of vectors just written


class _Writer:
    """Buffers results and writes them to the store in batches."""

    def __init__(
        self,
        store: Store,
        tracks: dict[str, Track],
        summary: AnalysisSummary,
        on_saved: Saved | None,
    ) -> None:
        self._store = store
        self._tracks = tracks
        self._summary = summary
        self._on_saved = on_saved
        self._pending: list[TrackFeatures] = []
        self._last = time.monotonic()

    def add(self, result: FileResult, *, now: bool = False) -> None:
        """Buffer ``result``; ``now`` writes at once (a listener is waiting for this song)."""
        summary = self._summary
        summary.cpu_seconds += result.seconds
        summary.audio_seconds += result.decoded_s
        track = self._tracks[result.track_id]
        signature = result.signature or track.signature.token()
        if result.vector is None:
            reason = result.error or "unknown error"
            self._store.put_analysis_failure(track.track_id, signature, reason)
            summary.failed += 1
            summary.failures.append((track.path, reason))
        else:
            self._pending.append(
                TrackFeatures(
                    track_id=track.track_id,
                    vector=result.vector,
                    names=FEATURE_NAMES,
                    version=FEATURE_VERSION,
                    signature=signature,
                )
            )
            summary.analysed += 1
        if (
            now
            or len(self._pending) >= _FLUSH_EVERY
            or time.monotonic() - self._last > _FLUSH_SECONDS
        ):
            self.flush()

    def flush(self) -> None:
        written, self._pending = self._pending, []
        if written:
            self._store.put_features(written)
            if self._on_saved is not None:
                self._on_saved([f.track_id for f in written])
        self._last = time.monotonic()


class _Due:
    """The tracks still to hand out, in order, except that wanted ones go first."""

    def __init__(self, todo: list[Track], wanted: Wanted | None) -> None:
        self._queue = deque(todo)
        self._wanted = wanted
        self.hurried: set[str] = set()  # ids moved forward for a listener: saved at once

    def __bool__(self) -> bool:
        return bool(self._queue)

    def pop(self) -> Track:
        if self._wanted is not None:
            ids = self._wanted.take()
            if ids:
                self._hurry(ids)
        return self._queue.popleft()

    def put_back(self, track: Track) -> None:
        self._queue.appendleft(track)

    def _hurry(self, ids: list[str]) -> None:
        # A wanted song already in flight, done or not imported is simply not found here.
        rank = {track_id: i for i, track_id in enumerate(ids)}
        front = sorted(
            (t for t in self._queue if t.track_id in rank), key=lambda t: rank[t.track_id]
        )
        if front:
            rest = [t for t in self._queue if t.track_id not in rank]
            self._queue = deque(front + rest)
            self.hurried.update(t.track_id for t in front)


def analyse_library(
    store: Store,
    *,
    workers: int,
    params: AnalysisParams = DEFAULT_PARAMS,
    callback: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    on_result: Callable[[FileResult], None] | None = None,
    on_wait: Callable[[str], None] | None = say_waiting,
    wanted: Wanted | None = None,
    on_saved: Saved | None = None,
) -> AnalysisSummary:
    """Analyse the tracks the store says are due; see the module docstring.

    ``cancel`` (set from any thread) stops the run between files; Ctrl-C does the same. Either
    way the finished results are saved and the summary says ``cancelled``. ``on_result`` sees
    every result in the parent (the benchmark uses it for per-worker figures). ``wanted`` songs
    are analysed next and written at once; ``on_saved`` hears the ids of every batch written.

    One analysis at a time per library: a second run waits for the first (``on_wait`` hears
    why, once), then finds due only what the first did not finish — no track twice.
    """
    with store.exclusive("analyse", on_wait):
        return _analyse(store, workers, params, callback, cancel, on_result, wanted, on_saved)


def _analyse(
    store: Store,
    workers: int,
    params: AnalysisParams,
    callback: ProgressCallback | None,
    cancel: threading.Event | None,
    on_result: Callable[[FileResult], None] | None,
    wanted: Wanted | None,
    on_saved: Saved | None,
) -> AnalysisSummary:
    started = time.monotonic()
    todo = store.tracks_to_analyse(FEATURE_VERSION)
    summary = AnalysisSummary(skipped=max(store.counts()["tracks"] - len(todo), 0))
    if not todo:
        summary.seconds = time.monotonic() - started
        return summary
    numba_cache.use()
    tracks = {t.track_id: t for t in todo}
    writer = _Writer(store, tracks, summary, on_saved)
    due = _Due(todo, wanted)

    def record(result: FileResult) -> None:
        writer.add(result, now=result.track_id in due.hurried)
        if result.pid:
            peaks = summary.worker_peak_rss_kb
            peaks[result.pid] = max(peaks.get(result.pid, 0), result.peak_rss_kb)
        if on_result is not None:
            on_result(result)

    with Progress(len(todo), "analyse", callback, cancel, unit="track") as progress:
        try:
            if workers <= 1:
                _run_inline(due, params, progress, record)
            else:
                _run_pool(due, params, workers, progress, record)
        except KeyboardInterrupt:
            # Ctrl-C: keep what is finished (flushed below); the caller sees ``cancelled``.
            summary.cancelled = True
        finally:
            writer.flush()
            summary.cancelled = summary.cancelled or progress.cancelled
            summary.seconds = time.monotonic() - started
    return summary


def _run_inline(
    due: _Due,
    params: AnalysisParams,
    progress: Progress,
    record: Callable[[FileResult], None],
) -> None:
    """One worker: no pool to start, same code path per file."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):  # see worker.single_threaded_blas
        while due and not progress.cancelled:
            track = due.pop()
            record(analyse_file(track.track_id, track.path, params, track.duration))
            progress.advance()


def _run_pool(
    queue: _Due,
    params: AnalysisParams,
    workers: int,
    progress: Progress,
    record: Callable[[FileResult], None],
) -> None:
    attempts: dict[str, int] = {}
    # Two per worker keep every core busy; fewer in flight means a wanted song (and a
    # cancel) waits behind fewer files.
    max_in_flight = workers * 2
    while queue and not progress.cancelled:
        pool = _new_pool(workers)
        in_flight: dict[Future, Track] = {}
        try:
            while (queue or in_flight) and not progress.cancelled:
                while queue and len(in_flight) < max_in_flight:
                    track = queue.pop()
                    future = pool.submit(
                        analyse_file, track.track_id, track.path, params, track.duration
                    )
                    in_flight[future] = track
                done, _ = wait(in_flight, timeout=0.25, return_when=FIRST_COMPLETED)
                for future in done:
                    track = in_flight[future]  # stays in flight if the pool broke under it
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        raise
                    except Exception as exc:  # pickling or pool error: charge this file only
                        result = _failed(track, f"analysis error ({type(exc).__name__})")
                    del in_flight[future]
                    record(result)
                    progress.advance()
        except BrokenProcessPool:
            # A worker died (a decoder crashed hard, or was killed). Finished results are
            # kept; the rest goes back to the queue once, and a file in flight during two
            # crashes is taken for the culprit.
            for future, track in in_flight.items():
                if future.done() and not future.cancelled() and future.exception() is None:
                    record(future.result())
                    progress.advance()
                    continue
                attempts[track.track_id] = attempts.get(track.track_id, 0) + 1
                if attempts[track.track_id] > _CRASH_RETRIES:
                    record(_failed(track, "decoder crashed the worker process"))
                    progress.advance()
                else:
                    queue.put_back(track)
            in_flight.clear()
        finally:
            for future in in_flight:
                future.cancel()
            pool.shutdown(wait=True, cancel_futures=True)


def _new_pool(workers: int) -> ProcessPoolExecutor:
    # spawn, not fork: the parent may hold SQLite connections, threads and (in the desktop) Qt.
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=get_context("spawn"),
        initializer=init_worker,
        initargs=(os.environ["NUMBA_CACHE_DIR"], os.getpid()),
    )
    # Start and warm every worker before the clock of the first file starts ticking.
    for future in [pool.submit(warm_up) for _ in range(workers)]:
        future.result()
    return pool


def _failed(track: Track, reason: str) -> FileResult:
    return FileResult(track.track_id, track.signature.token(), None, reason, 0.0, 0.0, 0)


def analyse_files(
    paths: list[str],
    *,
    workers: int,
    params: AnalysisParams = DEFAULT_PARAMS,
) -> dict[str, FileResult]:
    """Vectors of ``paths`` without a store: for comparing :class:`AnalysisParams` settings.

    A store caches one vector per track and :data:`FEATURE_VERSION`, whatever the params, so
    benchmarks that compare windowing settings call this instead (or use one ENCORE_HOME per
    setting). Returns ``path -> FileResult`` (``vector`` is None and ``error`` set on failure).
    """
    numba_cache.use()
    todo = [Track(track_id=p, path=p, title=Path(p).stem) for p in paths]
    results: dict[str, FileResult] = {}

    def record(result: FileResult) -> None:
        results[result.track_id] = result

    with Progress(len(todo), "analyse", unit="track") as progress:
        if workers <= 1:
            _run_inline(_Due(todo, None), params, progress, record)
        else:
            _run_pool(_Due(todo, None), params, workers, progress, record)
    return results
