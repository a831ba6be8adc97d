"""Keeps a running window on the newest training run and fresh popularity, without a restart.

A newer run (see :func:`engine.events.results_watcher.newer_run` for what counts) reloads the
recommender, Home and Mixes in workers and says "Mixes updated"; the player, its current song
and its queue are never touched. Newer runs are found three ways, all through the same check:

* server mode (Kafka and MongoDB): the engine's :class:`ResultsWatcher` on
  ``encore.recommendations``;
* the window's own Import job (embedded training): it reloads the window itself, so here the
  run is only counted as served and announced;
* a timer, which also refreshes Home's popularity (in server mode: every device's plays in
  MongoDB) and catches a run trained from a terminal or missed while the broker was away.

A broker or MongoDB that stops answering is said once, in the status bar, until it answers again.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, QTimer

from desktop.bridge import GuiCaller
from desktop.models.formatting import plain_tooltip
from desktop.services import HomeData, Services
from desktop.status_times import NOTE_MS, READ_MS
from desktop.views.main_window import MainWindow
from desktop.widgets.labels import PlainLabel
from desktop.workers import Job, Workers
from engine.errors import StoreError
from engine.events.results_watcher import ResultsWatcher, RunStamp, newer_run
from engine.models import RunInfo

UPDATED_NOTE = QT_TRANSLATE_NOOP("LiveResults", "Mixes updated")  # shown translated
# MainWindow.start_import's jobs: each reloads the window itself when it ends (the second one
# is the embedded training that follows an import).
WINDOW_RELOADS = ("import", "import-training")
REFRESH_MS = 5 * 60 * 1000  # popularity from other devices' plays; a missed run


class LiveResults(QObject):
    def __init__(
        self,
        window: MainWindow,
        services: Services,
        workers: Workers,
        caller: GuiCaller,
        *,
        refresh_ms: int = REFRESH_MS,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.services = services
        self.workers = workers
        self.caller = caller
        # The run Home, Mixes and the recommender were last loaded for; read by the watcher's
        # thread, so it is only ever replaced, never changed.
        self.applied: RunStamp | None = None
        self.watcher: ResultsWatcher | None = None
        self.updates = 0  # newer runs applied (tests wait on it)
        self.problems: dict[str, str] = {}
        self._stopped = False
        server_store = services.ctx.config.mongo_uri is not None
        self.part_names = {
            "broker": "The event broker",
            "store": "MongoDB" if server_store else "The library database",
        }
        self.notice = PlainLabel("", name="serverNotice")
        self.notice.hide()
        window.statusBar().addPermanentWidget(self.notice)
        self.timer = QTimer(self)
        self.timer.setInterval(refresh_ms)
        self.timer.timeout.connect(self.refresh)
        workers.jobFinished.connect(self._job_finished)

    def start(self) -> None:
        """Note the run being loaded, then follow new ones (call with the window's first load)."""
        config = self.services.ctx.config

        def started(stamp: RunStamp | None) -> None:
            if self._stopped:
                return  # the window closed while the first read ran
            self.applied = stamp
            if config.shares_results:
                # Results of the server's training are in MongoDB: follow its notices.
                self.watcher = ResultsWatcher(
                    config.kafka_bootstrap,
                    self.services.store,
                    config.device_id,
                    serving=lambda: self.applied,
                    on_new_run=lambda run: self.caller.call(self._apply, run),
                    on_status=lambda part, problem: self.caller.call(self.status, part, problem),
                ).start()
            self.timer.start()

        def failed(exc: BaseException) -> None:
            self._store_failed(exc)
            started(None)

        self.workers.submit(
            lambda job: RunStamp.of(self.services.store.active_run()),
            name="live-start",
            done=started,
            failed=failed,
        )

    def stop(self) -> None:
        self._stopped = True
        self.timer.stop()
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher = None

    # --- checks ----------------------------------------------------------------------------
    def refresh(self) -> None:
        """The timer: popularity for Home and the library's play counts, and any newer run
        nobody announced."""
        self.check(reload=True)
        self.workers.submit(
            lambda job: self.services.home(),
            name="live-home",
            done=self._show_home,
            failed=self._store_failed,
        )
        self.workers.submit(
            lambda job: self.services.play_counts(),
            name="live-plays",
            done=self.window.library_model.set_play_counts,
            failed=self._store_failed,
        )

    def check(self, *, reload: bool) -> None:
        applied = self.applied

        def done(run: RunInfo | None) -> None:
            self.status("store", None)
            if run is not None:
                if reload:
                    self._apply(run)
                else:
                    self._served(run)

        self.workers.submit(
            lambda job: newer_run(self.services.store, applied),
            name="live-check",
            done=done,
            failed=self._store_failed,
        )

    def _job_finished(self, job: Job) -> None:
        if job.name in ("import", "import-training"):  # desktop.import_run reloaded it
            self.check(reload=False)

    # --- applying a run (GUI thread) -------------------------------------------------------
    def _apply(self, run: RunInfo) -> None:
        window = self.window
        self.services.reset_recommender()
        window.warm_recommender()
        window.reload_home()
        window.reload_mixes()
        window.recommendations.refresh()
        self._served(run)

    def _served(self, run: RunInfo) -> None:
        stamp = RunStamp.of(run)
        if stamp == self.applied:
            return
        self.applied = stamp
        self.updates += 1
        self.window.statusBar().showMessage(self.tr(UPDATED_NOTE), READ_MS)

    def _show_home(self, data: HomeData) -> None:
        self.status("store", None)
        self.window.home.show_data(data)

    # --- what is unreachable ---------------------------------------------------------------
    def _store_failed(self, exc: BaseException) -> None:
        # MongoEventLog's reads raise pymongo's own errors; the stores wrap theirs.
        if isinstance(exc, StoreError) or type(exc).__module__.startswith("pymongo"):
            self.status("store", " ".join(str(exc).split()))
        else:
            self.window.statusBar().showMessage(
                self.tr("Updating results: {exc}").format(exc=exc), READ_MS
            )

    def status(self, part: str, problem: str | None) -> None:
        """Say once that ``part`` stopped answering (playback goes on), and when it is back."""
        if problem is None:
            if self.problems.pop(part, None) is None:
                return
            self.window.statusBar().showMessage(
                self.tr("{value} is back").format(value=self.part_names[part]), NOTE_MS
            )
        elif part in self.problems:
            return
        else:
            self.problems[part] = problem
        # Each problem names its server (StoreError / BrokerError text).
        offline = self.tr("Offline: {why}; playing on")
        lines = [offline.format(why=why) for why in self.problems.values()]
        self.notice.setText(" · ".join(lines))
        self.notice.setToolTip(plain_tooltip("\n".join(lines)))
        self.notice.setVisible(bool(lines))
