"""Settings' "Listening history" section: ``encore history clear`` from the window.

Clearing cannot be undone, so it asks first (window-modal, not blocking the event loop), then
runs in a worker. "Only before" with a day clears what the CLI's ``--before DATE`` clears (the
day read by the same rule: midnight UTC, so that day itself stays). The events go from this
machine and, in server mode, from the server, and the in-memory listener model goes with them
(:meth:`Services.clear_history`).
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.models.formatting import count_of
from desktop.services import Services
from desktop.views.common import muted, section
from desktop.widgets.accessible import describe
from desktop.workers import Workers
from engine.commands.history import parse_before
from engine.events.forget import Forgotten


class HistorySection(QWidget):
    cleared = Signal(object)  # Forgotten

    def __init__(self, services: Services, workers: Workers, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._workers = workers
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(section(self.tr("Listening history")))
        layout.addWidget(
            muted(
                self.tr(
                    "Clearing removes your play events from this machine and, in server mode, "
                    "from the server, with the songs listeners with your taste play. For you "
                    "starts over."
                )
            )
        )
        row = QHBoxLayout()
        self.clear_button = describe(
            QPushButton(self.tr("Clear listening history…")),
            self.tr("Clear listening history"),
            self.tr("Asks first, then forgets every song you have played, liked or skipped"),
        )
        self.clear_button.clicked.connect(self.ask)
        row.addWidget(self.clear_button)
        self.only_before = describe(
            QCheckBox(self.tr("Only before")),
            self.tr("Only history before a date"),
            self.tr("When checked, only what you played, liked or skipped before the date goes"),
        )
        row.addWidget(self.only_before)
        self.before_date = describe(
            QDateEdit(QDate.currentDate().addMonths(-1)),
            self.tr("Clear history before"),
            self.tr("The first day kept: everything before it is forgotten"),
        )
        self.before_date.setCalendarPopup(True)
        self.before_date.setDisplayFormat("yyyy-MM-dd")
        self.before_date.setMaximumDate(QDate.currentDate().addDays(1))
        self.before_date.setEnabled(False)
        self.only_before.toggled.connect(self.before_date.setEnabled)
        row.addWidget(self.before_date)
        row.addStretch(1)
        layout.addLayout(row)
        self.status = muted("")
        layout.addWidget(self.status)

    def before(self) -> float | None:
        """Unix seconds of the chosen day (midnight UTC), or None for the whole history."""
        if not self.only_before.isChecked():
            return None
        return parse_before(self.before_date.date().toString("yyyy-MM-dd"))

    def ask(self) -> QMessageBox:
        if self.only_before.isChecked():
            day = self.before_date.date().toString("yyyy-MM-dd")
            question = self.tr(
                "Forget every song you played, liked or skipped before {day}? "
                "This cannot be undone."
            ).format(day=day)
        else:
            question = self.tr(
                "Forget every song you have played, liked or skipped? This cannot be undone."
            )
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Clear listening history"),
            question,
            QMessageBox.StandardButton.Cancel,
            self,
        )
        clear = box.addButton(self.tr("Clear history"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.buttonClicked.connect(lambda button: self.clear() if button is clear else None)
        box.open()
        return box

    def clear(self) -> None:
        self.clear_button.setEnabled(False)
        before = self.before()
        self._workers.submit(
            lambda job: self._services.clear_history(before),
            name="clear-history",
            done=self._done,
            failed=self._failed,
        )

    def _done(self, gone: Forgotten) -> None:
        self.clear_button.setEnabled(True)
        # In server mode the server's count: it holds this listener's events from every device.
        n = gone.local if gone.server is None else gone.server.events
        self.status.setText(
            self.tr("Forgotten: {entries} of your history").format(
                entries=count_of(n, "entry", "entries")
            )
        )
        self.cleared.emit(gone)

    def _failed(self, exc: BaseException) -> None:
        self.clear_button.setEnabled(True)
        self.status.setText(self.tr("Could not clear the history: {exc}").format(exc=exc))
