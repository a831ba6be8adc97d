"""Import → analysis → training for the desktop's Import button, run in one worker job.

Each stage is the engine's own function; this module only chains them, forwards their progress
as ``report(stage, done, total)`` and their failures as ``failures([(path, reason), ...])``,
and honours one cancel event across all three.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence

from engine.context import Context

Report = Callable[[str, int, int], None]
Failures = Callable[[list[tuple[str, str]]], None]
STAGES = ("scan", "analysis", "training")


def run(
    ctx: Context,
    paths: Sequence[str],
    *,
    cancel: threading.Event,
    report: Report,
    failures: Failures,
    stages: Sequence[str] = STAGES,
) -> str:
    """Run the stages (all three by default); returns a one-line summary for the panel."""
    parts = [import_paths(ctx, paths, cancel=cancel, report=report, failures=failures)]
    analysed_before = ctx.store.counts().get("analysed", 0)
    if "analysis" in stages and not cancel.is_set():
        parts.append(analyse(ctx, cancel=cancel, report=report, failures=failures))
    changed = ctx.store.counts().get("analysed", 0) != analysed_before
    retrain = changed or ctx.store.active_run() is None
    if "training" in stages and not cancel.is_set() and retrain:
        parts.append(train(ctx, cancel=cancel, report=report))
    if cancel.is_set():
        parts.append("cancelled")
    return "; ".join(p for p in parts if p)


def import_paths(
    ctx: Context,
    paths: Sequence[str],
    *,
    cancel: threading.Event,
    report: Report,
    failures: Failures,
) -> str:
    from engine.library.importer import import_library

    added = updated = failed = 0
    for path in paths:
        if cancel.is_set():
            break
        summary = import_library(
            ctx.store,
            path,
            workers=ctx.config.analysis_workers,
            callback=lambda done, total: report("scan", done, total),
            cancel=cancel,
        )
        added += summary.added
        updated += summary.updated
        failed += len(summary.failures)
        if summary.failures:
            failures([(f.path, f.reason) for f in summary.failures])
    text = f"imported {added} new, {updated} updated"
    return text + (f", {failed} failed" if failed else "")


def analyse(ctx: Context, *, cancel: threading.Event, report: Report, failures: Failures) -> str:
    try:
        from engine.analysis.pipeline import analyse_library
    except ImportError:  # a build without the analysis extra: import still works
        return "analysis not available in this build"
    summary = analyse_library(
        ctx.store,
        workers=ctx.config.analysis_workers,
        cache_dir=ctx.config.cache_dir,
        callback=lambda done, total: report("analysis", done, total),
        cancel=cancel,
    )
    if summary.failures:
        failures(list(summary.failures))
    return summary.line()


def train(ctx: Context, *, cancel: threading.Event, report: Report) -> str:
    """Retrain when analysis produced something new (one Spark session for the whole run)."""
    if ctx.store.counts().get("analysed", 0) < 2:
        return "not enough analysed songs to train yet"
    from engine.progress import Progress
    from engine.recommend.popularity import popularity_scores

    try:
        from engine.recommend.training import STEPS
        from engine.spark.jobs import run_job
    except ImportError:
        return "training not available in this build"

    popularity = popularity_scores(ctx.event_log.iter_events(), now=time.time())
    report("training", 0, len(STEPS))
    with Progress(
        len(STEPS),
        "train",
        lambda done, total: report("training", done, total),
        cancel,
        unit="step",
    ) as progress:
        summary = run_job("train", ctx, popularity=popularity, progress=progress)
    return summary.line()
