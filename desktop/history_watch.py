"""Notices a listening history cleared from outside the window (``encore history clear`` in a
terminal): Home's For you, "Because you" rows and Your mixes start over without a restart.

The model behind them is built once from the event log and then fed the window's own events,
so it never sees rows another process deleted. The outbox counts each listener's clears
(:meth:`engine.events.outbox.Outbox.clears`); a timer asks the services, in a worker, whether
the count moved since the model was built, and if so Home is read again.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, QTimer

from desktop.services import Services
from desktop.status_times import READ_MS
from desktop.views.main_window import MainWindow
from desktop.workers import Workers

CHECK_MS = 3000  # a clear in a terminal shows within a few seconds
CLEARED_NOTE = QT_TRANSLATE_NOOP("HistoryWatch", "Listening history cleared: For you starts over")


class HistoryWatch(QObject):
    def __init__(
        self,
        window: MainWindow,
        services: Services,
        workers: Workers,
        *,
        check_ms: int = CHECK_MS,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.services = services
        self.workers = workers
        self.seen = 0  # clears noticed (tests wait on it)
        self._asking = False
        self.timer = QTimer(self)
        self.timer.setInterval(check_ms)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def check(self) -> None:
        if self._asking:  # one question at a time, however slow the disk
            return
        self._asking = True
        self.workers.submit(
            lambda job: self.services.cleared_elsewhere(),
            name="history-watch",
            done=self._answered,
            failed=self._failed,
        )

    def _answered(self, cleared: bool) -> None:
        self._asking = False
        if cleared:
            self.seen += 1
            self.window.reload_home()
            self.window.statusBar().showMessage(self.tr(CLEARED_NOTE), READ_MS)

    def _failed(self, exc: BaseException) -> None:
        self._asking = False  # an outbox that cannot be read now is asked again next time
