"""Import → analysis → training for the desktop's Import button, in two worker jobs.

The first job imports and analyses; the moment it ends the first pass recommends every analysed
song (:mod:`engine.recommend.first_pass`). The second job trains with Spark in the background,
and its run replaces the first results when it is saved. Each stage is an
:mod:`engine.library_ops` function; this module only chains them, forwards their progress as
``report(stage, done, total)`` and their failures as ``failures([(path, reason), ...])``,
honours one cancel event, and words the stage line the import panel shows (counts, time left).
While analysis runs, ``saved(track_ids)`` hears every batch of vectors written (those songs
can be recommended now) and ``wanted`` songs (the one the pane shows) are analysed first.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP

from desktop.i18n import translate
from engine import library_ops
from engine.analysis.wanted import Wanted
from engine.clock_text import format_duration
from engine.context import Context
from engine.recommend.trainable import training_refusal

Report = Callable[[str, int, int], None]
Failures = Callable[[list[tuple[str, str]]], None]
Saved = Callable[[list[str]], None]
STAGES = ("scan", "analysis", "training")
LABELS = {  # shown translated (describe)
    "scan": QT_TRANSLATE_NOOP("Pipeline", "Importing"),
    "prepare": QT_TRANSLATE_NOOP(
        "Pipeline", "Preparing the audio analyser (first run after installing only)"
    ),
    "analysis": QT_TRANSLATE_NOOP("Pipeline", "Analysing"),
    "training": QT_TRANSLATE_NOOP("Pipeline", "Training mixes in the background"),
}
# Below this much elapsed time a stage's pace says too little to predict its end.
ETA_AFTER_S = 1.0
# Compiling librosa's numba code has no count to pace an estimate on: the panel says how long
# it has run and how long it usually takes (20–95 s alone, 2.5 min and more on a busy machine).
PREPARE_TYPICAL = QT_TRANSLATE_NOOP("Pipeline", "{elapsed} · usually 1–3 min")
PREPARE_WHY = QT_TRANSLATE_NOOP(
    "Pipeline",
    "The audio analysis code is compiled for this computer once, then kept: later imports "
    "start analysing at once. Songs play meanwhile.",
)


@dataclass(frozen=True, slots=True)
class ImportResult:
    summary: str  # one line for the panel
    train_next: bool  # something new to train on: the caller starts :func:`train` next


def run(
    ctx: Context,
    paths: Sequence[str],
    *,
    cancel: threading.Event,
    report: Report,
    failures: Failures,
    stages: Sequence[str] = STAGES,
    saved: Saved | None = None,
    wanted: Wanted | None = None,
) -> ImportResult:
    """Import, then analyse (unless ``stages`` leaves it out); says whether to train next."""
    parts = [import_paths(ctx, paths, cancel=cancel, report=report, failures=failures)]
    analysed_before = ctx.store.counts().get("analysed", 0)
    if "analysis" in stages and not cancel.is_set():
        parts.append(
            analyse(
                ctx, cancel=cancel, report=report, failures=failures, saved=saved, wanted=wanted
            )
        )
    analysed = ctx.store.counts().get("analysed", 0)
    retrain = analysed != analysed_before or ctx.store.active_run() is None
    train_next = "training" in stages and not cancel.is_set() and retrain
    if train_next and training_refusal(analysed) is not None:
        parts.append("not enough analysed songs to train yet")
        train_next = False
    if cancel.is_set():
        parts.append("cancelled")
    return ImportResult("; ".join(p for p in parts if p), train_next)


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


def analyse(
    ctx: Context,
    *,
    cancel: threading.Event,
    report: Report,
    failures: Failures,
    saved: Saved | None = None,
    wanted: Wanted | None = None,
) -> str:
    summary = library_ops.analyse(
        ctx,
        callback=lambda done, total: report("analysis", done, total),
        cancel=cancel,
        on_prepare=lambda: report("prepare", 0, 0),
        wanted=wanted,
        on_saved=saved,
    )
    if summary.failures:
        failures(list(summary.failures))
    return summary.line()


def train(ctx: Context, *, cancel: threading.Event, report: Report) -> str:
    """One Spark run on everything analysed; returns its one-line summary."""
    from engine.recommend.training import STEPS

    report("training", 0, len(STEPS))
    summary = library_ops.train(
        ctx, callback=lambda done, total: report("training", done, total), cancel=cancel
    )
    return summary.line()


class StageClock:
    """The panel's words for a progress report: stage, counts and time left at its pace."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._stage: str | None = None
        self._started = 0.0
        self._done_at_start = 0

    def describe(self, stage: str, done: int, total: int) -> tuple[str, str]:
        """``(label, counts)``, e.g. ``("Analysing", "12 of 77 · about 40 s left")``."""
        now = self._clock()
        if stage != self._stage:
            self._stage, self._started, self._done_at_start = stage, now, done
        label = translate("Pipeline", LABELS[stage]) if stage in LABELS else stage
        if stage == "prepare":
            elapsed = format_duration(now - self._started)
            return label, translate("Pipeline", PREPARE_TYPICAL).format(elapsed=elapsed)
        if total <= 0:
            return label, f"{done}" if done else ""
        counts = translate("Pipeline", "{done} of {total}").format(
            done=min(done, total), total=total
        )
        left = eta_seconds(done - self._done_at_start, total - done, now - self._started)
        return label, counts if left is None else f"{counts} · {time_left(left)}"


def eta_seconds(finished: int, remaining: int, elapsed: float) -> float | None:
    """Seconds until ``remaining`` more units are done at the pace of the ``finished`` ones;
    None while there is nothing to go on."""
    if remaining <= 0 or finished <= 0 or elapsed < ETA_AFTER_S:
        return None
    return remaining * elapsed / finished


def time_left(seconds: float) -> str:
    if seconds < 90:  # "about 1 min" would hide a half-minute difference
        return translate("Pipeline", "about {n} s left").format(n=max(1, math.ceil(seconds)))
    return translate("Pipeline", "about {n} min left").format(n=round(seconds / 60))
