"""Leaving Settings with unsaved edits asks "Save changes?" (Save / Discard / Cancel), as a
desktop app's settings do: the edits were dropped without a word (a new user's tryout).

The question is window-modal and answered asynchronously: the sidebar stays on Settings (or
the window open) until the answer, then Save (kept only if saving worked) or Discard goes on
to the page asked for, or closes the window.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.i18n import translate
from desktop.views.settings import SettingsView
from desktop.widgets.sidebar import Sidebar

Button = QMessageBox.StandardButton
CLOSE = -2  # what the user asked for was closing the window, not a sidebar row


def save_changes_question(parent: QWidget) -> QMessageBox:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(translate("UnsavedSettings", "Unsaved settings"))
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(translate("UnsavedSettings", "Save changes to the settings?"))
    box.setInformativeText(
        translate("UnsavedSettings", "Your edits on the Settings page are not saved yet.")
    )
    box.setStandardButtons(Button.Save | Button.Discard | Button.Cancel)
    box.setDefaultButton(Button.Save)
    box.setEscapeButton(Button.Cancel)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    return box


class UnsavedSettings(QObject):
    """Holds the sidebar on Settings while its edits are unsaved, until the user answers."""

    def __init__(self, settings: SettingsView, sidebar: Sidebar, parent: QWidget) -> None:
        super().__init__(parent)
        self._settings = settings
        self._sidebar = sidebar
        self._window = parent
        self._wanted = -1  # the sidebar row the user asked for
        self.question: QMessageBox | None = None  # open while waiting for the answer

    def holds(self, row: int) -> bool:
        """Called as the sidebar leaves Settings for ``row``: ``True`` when the move waits
        (the sidebar is back on Settings and the question is open)."""
        if not self._settings.has_unsaved_edits():
            return False
        self._wanted = row
        self._ask()
        self._back_on_settings()
        # A click selects its row after the current row changed (in the same mouse press):
        # once more when the press is handled, or the clicked page stayed highlighted.
        QTimer.singleShot(0, self._back_on_settings)
        return True

    def _back_on_settings(self) -> None:
        if self.question is None:
            return  # answered already: the sidebar went where the user asked
        self._sidebar.blockSignals(True)  # the page never changed: no page change to handle
        self._sidebar.select("Settings")
        self._sidebar.blockSignals(False)

    def holds_close(self) -> bool:
        """Called as the user closes the window: ``True`` when closing waits for the answer."""
        if not self._settings.has_unsaved_edits():
            return False
        self._wanted = CLOSE
        self._sidebar.select("Settings")  # the edits the question is about
        self._ask()
        return True

    def _ask(self) -> None:
        if self.question is None:
            self.question = save_changes_question(self._window)
            self.question.finished.connect(self._answered)
            self.question.open()

    def _answered(self, _result: int) -> None:
        box, self.question = self.question, None
        if box is None:
            return
        answer = box.standardButton(box.clickedButton())
        box.deleteLater()
        if answer == Button.Save:
            self._settings.save()
            if self._settings.has_unsaved_edits():
                return  # not saved (the page's status says why): the user stays to see it
        elif answer == Button.Discard:
            self._settings.discard_edits()
        else:
            return  # Cancel (or Esc): stay on Settings with the edits
        if self._wanted == CLOSE:
            self._window.close()
        else:
            self._sidebar.setCurrentRow(self._wanted)
