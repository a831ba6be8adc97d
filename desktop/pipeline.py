"""Import → analysis → training for the desktop's Import button, run in one worker job.

Each stage is an :mod:`engine.library_ops` function; this module only chains them, forwards
their progress as ``report(stage, done, total)`` and their failures as
``failures([(path, reason), ...])``, and honours one cancel event across all three.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from engine import library_ops
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
    summary = library_ops.import_paths(
        ctx, paths, callback=lambda done, total: report("scan", done, total), cancel=cancel
    )
    if summary.failures:
        failures([(f.path, f.reason) for f in summary.failures])
    text = f"imported {summary.added} new, {summary.updated} updated"
    return text + (f", {len(summary.failures)} failed" if summary.failures else "")


def analyse(ctx: Context, *, cancel: threading.Event, report: Report, failures: Failures) -> str:
    summary = library_ops.analyse(
        ctx, callback=lambda done, total: report("analysis", done, total), cancel=cancel
    )
    if summary.failures:
        failures(list(summary.failures))
    return summary.line()


def train(ctx: Context, *, cancel: threading.Event, report: Report) -> str:
    """Retrain when analysis produced something new (one Spark session for the whole run)."""
    if ctx.store.counts().get("analysed", 0) < 2:
        return "not enough analysed songs to train yet"
    from engine.recommend.training import STEPS

    report("training", 0, len(STEPS))
    summary = library_ops.train(
        ctx, callback=lambda done, total: report("training", done, total), cancel=cancel
    )
    return summary.line()
