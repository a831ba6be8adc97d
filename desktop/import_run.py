"""The Import button's run: import and analyse in one worker job, then train in another.

When the first job ends, every analysed song is recommended at once (the engine's first pass)
and the window reloads; the second job trains with Spark in the background, and when its run is
saved the window reloads again, so the trained lists replace the first ones with no action from
the listener. One cancel stops whichever job is running. While the first job runs, the table
refreshes every :data:`LIVE_RELOAD_MS`, and each batch of vectors saved makes a pane still
waiting for its song ask again at once: the song it shows (analysed first, see
:class:`~engine.analysis.wanted.Wanted`) has its recommendations the moment it is analysed.
A folder chosen while a run is busy is imported when the run (its training too) ends
(:meth:`ImportRun.add`): each run keeps its own training, so no analysed song is left out of
the mixes (a run that found nothing new does not train).
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.i18n import translate
from desktop.pipeline import ImportResult
from desktop.services import Services
from desktop.views.library import LibraryView
from desktop.views.recommendations import SHOWN, RecommendationsPane
from desktop.workers import Job, Workers

LIVE_RELOAD_MS = 1500


class ImportWindow(Protocol):
    """What a run uses of the main window (desktop.views.main_window.MainWindow is one): named
    here, so this module needs nothing above it."""

    services: Services
    workers: Workers
    library: LibraryView
    recommendations: RecommendationsPane

    def reload_library(self) -> None: ...

    def load_all(self) -> None: ...


class ImportRun(QObject):
    # True when a run starts, False when the last one (its training too) ends or is cancelled:
    # the empty states say an import is under way instead of asking for one.
    running = Signal(bool)

    def __init__(self, window: ImportWindow, parent: QObject) -> None:
        super().__init__(parent)  # the window: the live-reload timer ends with it
        self.window = window
        self.job: Job | None = None  # the running job (import, then training), or None
        self.waiting: list[str] = []  # paths chosen while a run was busy, imported next
        self.stage: str | None = None  # the running job's stage as last reported (scan, …)
        self.live_reload = QTimer(self)
        self.live_reload.setInterval(LIVE_RELOAD_MS)
        self.live_reload.timeout.connect(self._tick)

    def add(self, paths: list[str]) -> None:
        """Import ``paths`` when the running import and its training end."""
        self.waiting += [p for p in paths if p not in self.waiting]

    def _next(self) -> None:
        if self.waiting:
            paths, self.waiting = self.waiting, []
            self.start(paths)
        else:
            self.running.emit(False)

    def start(self, paths: list[str]) -> None:
        window = self.window
        panel = window.library.import_panel
        panel.start()
        self.stage = None
        self.live_reload.start()
        self.running.emit(True)

        def report(job: Job):
            return lambda stage, done, total: job.report("progress", stage, done, total)

        def work(job: Job) -> ImportResult:
            return window.services.run_pipeline(
                paths,
                cancel=job.cancel_event,
                report=report(job),
                failures=lambda items: job.report("failures", items),
                saved=lambda ids: job.report("saved", ids),
            )

        stage_now: list[str] = []

        def progress(kind: str, *payload) -> None:
            if kind == "progress":
                self.stage = payload[0]
                if stage_now != [payload[0]]:  # a stage ended: show its rows now, not on a tick
                    stage_now[:] = [payload[0]]
                    window.reload_library()
                panel.progress(*payload)
            elif kind == "saved":
                self._ask_again()
            else:
                panel.add_failures(*payload)

        def finished(result: ImportResult) -> None:
            self.live_reload.stop()
            self._show_results()
            if not result.train_next:
                self.job = None
                panel.finish(result.summary)
                self._next()
                return
            panel.background(result.summary)
            self.stage = "training"  # analysis is over, whether or not training reported yet
            self.job = window.workers.submit(
                lambda job: window.services.train(cancel=job.cancel_event, report=report(job)),
                name="import-training",
                done=lambda line: trained(
                    translate("ImportRun", "{summary}; {line}").format(
                        summary=result.summary, line=line
                    )
                ),
                failed=lambda exc: trained(
                    translate("ImportRun", "{summary}; training stopped: {exc}").format(
                        summary=result.summary, exc=exc
                    )
                ),
                progress=progress,
            )

        def trained(summary: str) -> None:
            self.job = None
            panel.finish(summary)
            self._show_results()  # a saved run replaces the first results (also after a failure)
            self._next()

        def failed(exc: BaseException) -> None:
            self.job = None
            self.live_reload.stop()
            panel.finish(translate("ImportRun", "Import stopped: {exc}").format(exc=exc))
            self._show_results()
            self._next()

        self.job = window.workers.submit(
            work, name="import", done=finished, failed=failed, progress=progress
        )

    def cancel(self) -> None:
        job = self.job
        if job is None:
            return
        # Ask the pipeline to stop; its own result (a summary of what was done) is not waited
        # for, so the GUI stays responsive while the current file finishes.
        job.cancel()
        self.job = None
        self.waiting = []
        self.live_reload.stop()
        self.running.emit(False)
        self.window.library.import_panel.finish(self._cancelled_text())
        self.window.load_all()

    def _cancelled_text(self) -> str:
        """What a cancel left: once the scan is over the songs are in the library — "Import
        cancelled" then read as if the import had been undone, with every song still listed."""
        if self.stage in ("prepare", "analysis"):
            return self.tr(
                "Analysis stopped: the songs are in the library; the rest is analysed at the "
                "next start"
            )
        if self.stage == "training":
            return self.tr("Training stopped: the songs are in the library and analysed")
        return self.tr("Import cancelled")

    def _show_results(self) -> None:
        # The first pass (no run yet) or the new run: every analysed song is recommended.
        self.window.services.reset_recommender()
        self.window.load_all()
        self.window.recommendations.refresh()

    def _tick(self) -> None:
        self.window.reload_library()

    def _ask_again(self) -> None:
        # New vectors: the pane's song, or the second song it needs, may be recommendable now.
        pane = self.window.recommendations
        if pane.seed is not None and len(pane.recommendations) < SHOWN:
            pane.refresh()
