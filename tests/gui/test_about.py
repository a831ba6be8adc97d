"""Help → About Encore: the installed version and licence, the data/cache/log folders as
selectable plain text for a bug report, and the log file to open."""

from __future__ import annotations

from importlib import metadata

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu

from desktop.widgets.about_dialog import AboutDialog
from engine.library.paths import path_text

pytestmark = pytest.mark.gui


def test_about_names_the_version_licence_and_folders(desktop) -> None:
    window = desktop.window
    help_menu = next(m for m in window.menuBar().findChildren(QMenu) if "Help" in m.title())
    about_action = next(a for a in help_menu.actions() if "About" in a.text())
    about_action.trigger()
    about = next(w for w in window.findChildren(AboutDialog) if w.isVisible())
    config = desktop.ctx.config
    fields = {key: label.text() for key, label in about.fields.items()}
    assert fields["version"] == metadata.version("encore")
    assert fields["licence"] == metadata.metadata("encore")["License-Expression"]
    assert fields["data"] == path_text(str(config.home))
    assert fields["cache"] == path_text(str(config.cache_dir))
    assert fields["logs"] == path_text(str(config.log_dir))
    for label in about.fields.values():
        assert label.textFormat() == Qt.TextFormat.PlainText
        assert label.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    assert about.log_url.toLocalFile() == str(config.log_file)


def test_a_log_no_program_opens_says_where_the_file_is(desktop, monkeypatch) -> None:
    # A desktop with no handler for text files (a bare window manager): openUrl only returns
    # False, and the button did nothing at all.
    from desktop.widgets import about_dialog

    config = desktop.ctx.config
    config.log_file.parent.mkdir(parents=True, exist_ok=True)
    config.log_file.touch()
    asked: list[str] = []

    def no_opener(url) -> bool:
        asked.append(url.toLocalFile())
        return False

    monkeypatch.setattr(about_dialog.QDesktopServices, "openUrl", no_opener)
    about = desktop.window.menus.show_about()
    assert about.open_log.isEnabled()
    assert not about.open_failed.isVisibleTo(about)
    about.open_log.click()
    assert asked == [str(config.log_file)]
    assert about.open_failed.isVisibleTo(about)
    assert path_text(str(config.log_file)) in about.open_failed.text()
    assert about.open_failed.textFormat() == Qt.TextFormat.PlainText
    assert about.open_failed.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
