"""Import → analysis → training for the desktop's Import button, run in one worker job.

Each stage is the engine's own function; this module only chains them, forwards their progress
as ``report(stage, done, total)`` and their failures as ``failures([(path, reason), ...])``,
and honours one cancel event across all three.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from engine.context import Context

Report = Callable[[str, int, int], None]
Failures = Callable[[list[tuple[str, str]]], None]


def run(
    ctx: Context,
    paths: Sequence[str],
    *,
    cancel: threading.Event,
    report: Report,
    failures: Failures,
) -> str:
    """Run the three stages; returns a one-line summary for the import panel."""
    parts = [import_paths(ctx, paths, cancel=cancel, report=report, failures=failures)]
    if not cancel.is_set():
        parts.append(analyse(ctx, cancel=cancel, report=report, failures=failures))
    if not cancel.is_set():
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
    except ImportError:
        return "analysis not available in this build"
    before = set(ctx.store.analysis_failures())
    result = analyse_library(
        ctx,
        callback=lambda done, total: report("analysis", done, total),
        cancel=cancel,
    )
    new_failures = {t: r for t, r in ctx.store.analysis_failures().items() if t not in before}
    if new_failures:
        tracks = ctx.store.get_tracks(list(new_failures))
        failures([(tracks[t].path if t in tracks else t, r) for t, r in new_failures.items()])
    line = getattr(result, "line", None)
    return line() if callable(line) else str(result or "analysed")


def train(ctx: Context, *, cancel: threading.Event, report: Report) -> str:
    counts = ctx.store.counts()
    if counts.get("analysed", 0) < 2:
        return "not enough analysed songs to train yet"
    try:
        from engine.recommend.training import train_library
    except ImportError:
        return "training not available in this build"
    report("training", 0, 0)
    result = train_library(ctx, cancel=cancel)
    line = getattr(result, "line", None)
    return line() if callable(line) else str(result or "trained")
