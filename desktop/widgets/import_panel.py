"""Progress of an import run (scan → analysis → training), with cancel and the failures list.

A finished run's summary stays :data:`LINGER_MS` and the card goes (Close dismisses it
sooner); a run with failed files keeps it until closed, as the list is there to be read.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QListWidget,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import translate
from desktop.models.formatting import count_of, one_line
from desktop.pipeline import PREPARE_WHY, StageClock
from desktop.widgets.accessible import describe
from desktop.widgets.labels import PlainLabel

TICK_MS = 1000
LINGER_MS = 8000


class ImportPanel(QFrame):
    cancelRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        row = QHBoxLayout()
        # A running stage elides (full text in the tooltip) and a summary wraps: neither may
        # widen the window.
        self.stage = PlainLabel("", name="nowTitle", elide=True)
        self.counts = PlainLabel("", name="muted", elide=True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancelRequested)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.hide)
        describe(
            self.cancel_button,
            self.tr("Cancel import"),
            self.tr("Stop the import after the current file"),
        )
        describe(self.close_button, self.tr("Close"), self.tr("Hide the import summary"))
        row.addWidget(self.stage, 3)
        row.addWidget(self.counts, 1)
        row.addWidget(self.cancel_button)
        row.addWidget(self.close_button)
        layout.addLayout(row)
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        layout.addWidget(self.bar)
        self.note = PlainLabel("", name="muted")  # why the analyser's first run waits
        self.note.setWordWrap(True)
        self.note.hide()
        layout.addWidget(self.note)
        self.failures_label = PlainLabel("", name="muted")
        layout.addWidget(self.failures_label)
        self.failures = describe(
            QListWidget(),
            self.tr("Failed files"),
            self.tr("Files that could not be imported, with the reason"),
        )
        self.failures.setMaximumHeight(110)
        layout.addWidget(self.failures)
        self.failures.hide()
        self.failures_label.hide()
        self.now: Callable[[], float] = time.monotonic  # the stages' clock (tests set one)
        self._clock = StageClock(self.now)
        # The analyser's first-run preparation reports once: this ticks its elapsed time.
        self.prepare_tick = QTimer(self)
        self.prepare_tick.setInterval(TICK_MS)
        self.prepare_tick.timeout.connect(lambda: self.progress("prepare", 0, 0))
        self.linger = QTimer(self)  # a finished summary's time on screen
        self.linger.setSingleShot(True)
        self.linger.setInterval(LINGER_MS)
        self.linger.timeout.connect(self._linger_over)
        self.hide()

    def start(self) -> None:
        self._stop_preparing()
        self.linger.stop()
        self.failures.clear()
        self.failures.hide()
        self.failures_label.hide()
        self._clock = StageClock(self.now)
        self.stage.set_wrapped(False)
        self.stage.setText(self.tr("Starting import…"))
        self.counts.setText("")
        self.counts.show()
        self.bar.setRange(0, 0)
        self.cancel_button.show()
        self.close_button.hide()
        self.show()

    def progress(self, stage: str, done: int, total: int) -> None:
        label, counts = self._clock.describe(stage, done, total)
        self.stage.set_wrapped(False)
        self.counts.show()
        self.stage.setText(label)
        self.counts.setText(counts)
        preparing = stage == "prepare"
        self.note.setText(translate("Pipeline", PREPARE_WHY) if preparing else "")
        self.note.setVisible(preparing)
        if preparing and not self.prepare_tick.isActive():
            self.prepare_tick.start()
        elif not preparing:
            self.prepare_tick.stop()
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        else:
            self.bar.setRange(0, 0)

    def _stop_preparing(self) -> None:
        self.prepare_tick.stop()
        self.note.hide()

    def background(self, summary: str) -> None:
        """The import itself is done (its summary shown); training goes on behind it."""
        self._stop_preparing()
        self.stage.set_wrapped(True)
        self.stage.setText(summary)
        self.counts.show()
        self.counts.setText(self.tr("recommendations ready; training mixes in the background"))

    def add_failures(self, failures: list[tuple[str, str]]) -> None:
        for path, reason in failures:
            self.failures.addItem(
                self.tr("{text}: {text2}").format(text=one_line(path), text2=one_line(reason))
            )
        if self.failures.count():
            self.failures_label.setText(
                self.tr("{count} failed:").format(count=count_of(self.failures.count(), "file"))
            )
            self.failures_label.show()
            self.failures.show()

    def finish(self, summary: str) -> None:
        self._stop_preparing()
        self.stage.set_wrapped(True)
        self.stage.setText(summary)
        self.counts.setText("")
        self.counts.hide()  # its share of the row goes to the summary
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.cancel_button.hide()
        self.close_button.show()
        if not self.failures.count():
            self.linger.start()

    def _linger_over(self) -> None:
        if self.underMouse():  # being read: wait for the pointer to leave
            self.linger.start()
        else:
            self.hide()
