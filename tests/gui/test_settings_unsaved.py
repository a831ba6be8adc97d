"""Leaving Settings with unsaved edits asks "Save changes?": Cancel stays with the edits,
Discard puts the saved values back, Save saves and applies them — each then goes where the
user clicked. Before, the edits were dropped without a word (a new user's tryout)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from engine.config import load_config
from tests.gui.conftest import settle

pytestmark = pytest.mark.gui


def _click_page(qtbot, window, page: str) -> None:
    """A click on ``page`` in the sidebar, as the user makes it."""
    sidebar = window.sidebar
    row = next(r for r in range(sidebar.count()) if sidebar.item(r).data(Qt.UserRole) == page)
    rect = sidebar.visualItemRect(sidebar.item(row))
    qtbot.mouseClick(sidebar.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    settle()


def _assert_on_settings(window) -> None:
    """The sidebar shows Settings as the page, its highlight too (the click's row had kept
    it, under a real window manager, while Settings stayed shown)."""
    sidebar = window.sidebar
    assert sidebar.current_page() == "Settings"
    assert [i.data(Qt.UserRole) for i in sidebar.selectedItems()] == ["Settings"]
    assert window.pages.currentWidget() is not window.home


def _answer(window, button: QMessageBox.StandardButton) -> None:
    question = window.unsaved_settings.question
    assert question is not None and question.isVisible()
    assert question.text() == "Save changes to the settings?"
    assert question.textFormat() == Qt.TextFormat.PlainText
    question.button(button).click()
    settle()


def test_leaving_settings_with_edits_asks_and_each_answer_does_what_it_says(
    qtbot, desktop, encore_home: Path
) -> None:
    window = desktop.window
    settings = window.settings
    window.sidebar.select("Settings")
    settle()
    assert settings.loudness.isChecked()
    settings.loudness.click()  # an edit, not saved
    assert settings.has_unsaved_edits()

    _click_page(qtbot, window, "Home")
    assert window.pages.currentWidget() is not window.home  # held until the answer
    _assert_on_settings(window)
    _answer(window, QMessageBox.StandardButton.Cancel)
    _assert_on_settings(window)
    assert not settings.loudness.isChecked()  # Cancel keeps the edit to go on with

    _click_page(qtbot, window, "Library")
    _answer(window, QMessageBox.StandardButton.Discard)
    assert window.pages.currentWidget() is window.library
    assert window.sidebar.current_page() == "Library"
    assert settings.loudness.isChecked() and not settings.has_unsaved_edits()
    assert not (encore_home / "config.toml").exists() or load_config().loudness_normalisation

    window.sidebar.select("Settings")
    settle()
    settings.loudness.click()
    settings.workers_spin.setValue(3)
    _click_page(qtbot, window, "Queue")
    _answer(window, QMessageBox.StandardButton.Save)
    assert window.sidebar.current_page() == "Queue"
    assert window.pages.currentWidget() is window.queue
    saved = load_config()
    assert (saved.loudness_normalisation, saved.analysis_workers) == (False, 3)
    assert desktop.settings.loudness_normalisation is False  # applied to the running player


def test_leaving_settings_without_edits_asks_nothing(qtbot, desktop) -> None:
    window = desktop.window
    window.sidebar.select("Settings")
    settle()
    assert not window.settings.has_unsaved_edits()  # the page as opened matches the config
    _click_page(qtbot, window, "Home")
    assert window.unsaved_settings.question is None
    assert window.pages.currentWidget() is window.home


def test_quitting_with_edits_asks_and_a_close_from_code_does_not(
    qtbot, build, encore_home: Path
) -> None:
    app = build()
    window, settings = app.window, app.window.settings
    window.sidebar.select("Settings")
    settle()
    settings.notifications.click()
    window.sidebar.select("Library")  # held on Settings
    _answer(window, QMessageBox.StandardButton.Cancel)

    window.keyboard.quit_action.trigger()  # File → Quit, Ctrl+Q (the close button asks too)
    settle()
    assert window.isVisible()
    _answer(window, QMessageBox.StandardButton.Cancel)
    assert window.isVisible() and settings.has_unsaved_edits()
    window.keyboard.quit_action.trigger()
    _answer(window, QMessageBox.StandardButton.Save)
    assert not window.isVisible()  # saved, then closed
    edited = settings.notifications.isChecked()
    app.close()
    assert load_config().notifications == edited

    second = build()  # the edit came back from the file
    assert second.window.settings.notifications.isChecked() == edited
    second.window.settings.notifications.click()
    second.window.close()  # SIGTERM or a logout: no question waits for an answer
    assert not second.window.isVisible()
    assert second.window.unsaved_settings.question is None
    second.close()
