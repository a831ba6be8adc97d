"""The menu bar: File (Import folder…, Quit) and Help (Keyboard shortcuts, About), with the two
dialogs Help opens. The keys themselves are bound once, in desktop/views/keyboard.py."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMainWindow

from desktop.views.keyboard import Keyboard
from desktop.widgets.about_dialog import AboutDialog
from desktop.widgets.assets import icon
from desktop.widgets.shortcuts_dialog import ShortcutsDialog
from engine.config import Config


class WindowMenus(QObject):
    def __init__(
        self,
        window: QMainWindow,
        *,
        config: Config,
        keyboard: Keyboard,
        choose_folder: Callable[[], None],
    ) -> None:
        super().__init__(window)
        self._window, self._config, self._keyboard = window, config, keyboard
        file_menu = window.menuBar().addMenu(self.tr("&File"))
        file_menu.setObjectName("fileMenu")
        # The Library's own Import button's action: one folder dialog, one import path.
        file_menu.addAction(icon("import"), self.tr("&Import folder…"), choose_folder)
        file_menu.addSeparator()
        file_menu.addAction(keyboard.quit_action)  # Ctrl+Q: bound once, in the key table
        help_menu = window.menuBar().addMenu(self.tr("&Help"))
        shortcuts = help_menu.addAction(self.tr("&Keyboard shortcuts"), self.show_shortcuts)
        shortcuts.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))  # F1
        help_menu.addAction(self.tr("&About Encore"), self.show_about)

    def show_about(self) -> AboutDialog:
        dialog = AboutDialog(self._config, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def show_shortcuts(self) -> ShortcutsDialog:
        dialog = ShortcutsDialog(self._keyboard.bindings, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog
