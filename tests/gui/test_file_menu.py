"""File menu: "Import folder…" opens the Library's own folder dialog, and Quit shows Ctrl+Q —
the one binding of that key (a second one on the same key would make both ambiguous)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QMenu

pytestmark = pytest.mark.gui


def _file_menu(window) -> QMenu:
    menus = [a.menu() for a in window.menuBar().actions() if a.menu() is not None]
    assert menus and menus[0].objectName() == "fileMenu", [m.title() for m in menus]
    return menus[0]


def _action(menu: QMenu, word: str) -> QAction:
    return next(a for a in menu.actions() if word in a.text().replace("&", ""))


def test_file_import_folder_opens_the_librarys_folder_dialog(desktop, monkeypatch) -> None:
    window = desktop.window
    asked: list[tuple[str, str]] = []

    def chosen(_parent, title: str, start: str) -> str:
        asked.append((title, start))
        return ""  # cancelled: nothing is imported

    monkeypatch.setattr("desktop.views.library.QFileDialog.getExistingDirectory", chosen)
    window.library.last_folder = "/music/last"
    _action(_file_menu(window), "Import folder").trigger()
    assert asked == [("Import a music folder", "/music/last")]


def test_file_quit_shows_ctrl_q_and_is_its_only_binding(desktop) -> None:
    window = desktop.window
    quit_action = _action(_file_menu(window), "Quit")
    ctrl_q = QKeySequence("Ctrl+Q")
    assert quit_action.shortcut() == ctrl_q  # the menu shows the key
    shortcuts = [s for s in window.findChildren(QShortcut) if s.key() == ctrl_q]
    actions = [a for a in window.findChildren(QAction) if ctrl_q in a.shortcuts()]
    assert not shortcuts and actions == [quit_action]
    quit_action.trigger()
    assert not window.isVisible()
