"""Import → analyse → train, each step once, for the CLI, the desktop and the backend.

The popularity policy lives here too (:func:`popularity`): every training run, whoever starts
it, orders its mixes by the same decayed scores over the same horizon that ``encore popular``
and Home show.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from engine.context import Context
from engine.library.importer import ImportSummary, import_library
from engine.library.metadata_csv import MetadataIndex
from engine.library_ops.track_features import publish_track_features
from engine.progress import ProgressCallback
from engine.recommend.popular import load_popularity

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

    from engine.analysis.pipeline import AnalysisSummary
    from engine.analysis.wanted import Wanted
    from engine.analysis.worker import FileResult
    from engine.recommend.training import TrainingSummary


def popularity(ctx: Context, *, now: float | None = None) -> dict[str, float]:
    """The one popularity policy: decayed scores of the events within the horizon
    (:func:`engine.recommend.popular.load_popularity`), from this machine's outbox or, in
    server mode, from every device's events in MongoDB."""
    return load_popularity(ctx.event_log, now=time.time() if now is None else now)


def import_paths(
    ctx: Context,
    paths: Sequence[str],
    *,
    metadata: MetadataIndex | None = None,
    workers: int | None = None,
    callback: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> ImportSummary:
    """Bring the library in line with each of ``paths`` (folders or files), in order.

    Returns one summary adding up every path's; ``cancelled`` when ``cancel`` stopped it.
    """
    total = ImportSummary()
    for path in paths:
        if cancel is not None and cancel.is_set():
            total.cancelled = True
            break
        one = import_library(
            ctx.store,
            path,
            metadata=metadata,
            workers=workers or ctx.config.analysis_workers,
            callback=callback,
            cancel=cancel,
        )
        total.added += one.added
        total.updated += one.updated
        total.unchanged += one.unchanged
        total.missing += one.missing
        total.failures.extend(one.failures)
        total.still_failing += one.still_failing
        total.cancelled = total.cancelled or one.cancelled
    return total


def analyse(
    ctx: Context,
    *,
    workers: int | None = None,
    callback: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    on_result: Callable[[FileResult], None] | None = None,
    on_prepare: Callable[[], None] | None = None,
    wanted: Wanted | None = None,
    on_saved: Callable[[list[str]], None] | None = None,
) -> AnalysisSummary:
    """Analyse every track that needs it; in server mode queue the new vectors for
    ``encore.track-features`` (through the outbox, so a broker outage loses nothing).

    When tracks are due and librosa's kernels were never compiled for this installation
    (:mod:`engine.analysis.numba_cache`; ``scripts/install.sh`` does it), ``on_prepare()`` is
    called and they are compiled once, in a child process, before the first file: the one
    long pause gets its own name instead of hiding in "analysing 0 of N". ``wanted`` and
    ``on_saved``: see :func:`engine.analysis.pipeline.analyse_library`.
    """
    # Imported here: librosa and scipy take seconds to load, and most commands never analyse.
    from engine.analysis import numba_cache
    from engine.analysis.pipeline import AnalysisSummary, analyse_library

    due = ctx.store.counts()["analysis_pending"]
    if due > 0 and not numba_cache.is_warm():
        if on_prepare is not None:
            on_prepare()
        if not numba_cache.warm(cancel):
            return AnalysisSummary(cancelled=True)
    if due > 0 and callback is not None:
        # Said before the worker pool starts (seconds of imports): "Analysing 0 of N" rather
        # than the previous stage's last count standing still.
        callback(0, due)
    analysed: list[str] = []

    def record(result: FileResult) -> None:
        if result.vector is not None:
            analysed.append(result.track_id)
        if on_result is not None:
            on_result(result)

    summary = analyse_library(
        ctx.store,
        workers=workers or ctx.config.analysis_workers,
        callback=callback,
        cancel=cancel,
        on_result=record,
        wanted=wanted,
        on_saved=on_saved,
    )
    if analysed:
        publish_track_features(ctx, analysed)  # a no-op in the embedded default
    return summary


def train(
    ctx: Context,
    *,
    callback: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    spark: SparkSession | None = None,
    **settings: object,
) -> TrainingSummary:
    """Run the Spark training job on every analysed track with :func:`popularity`.

    ``settings`` are the job's own options (``n_neighbours``, ``k``, ``rank``, ...).

    Raises
    ------
    NothingToTrainError
        Nothing is analysed yet (checked before Spark starts: no JVM for an empty library).
    """
    # Imported here: `encore --help` and the other commands must not pay for pyspark.
    from engine.events.announce import announce_active_run
    from engine.progress import Progress
    from engine.recommend.trainable import training_refusal
    from engine.recommend.training import STEPS, NothingToTrainError
    from engine.spark.jobs import run_job

    refusal = training_refusal(ctx.store.counts()["analysed"])
    if refusal is not None:  # said before Spark starts: no JVM for a library it would refuse
        raise NothingToTrainError(refusal)
    scores = popularity(ctx)
    with Progress(len(STEPS), "train", callback, cancel, unit="step") as progress:
        summary = run_job(
            "train", ctx, spark=spark, popularity=scores, progress=progress, **settings
        )
    if ctx.config.shares_results:  # the other devices reload the new run
        announce_active_run(ctx)
    return summary
