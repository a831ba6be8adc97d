"""Settings → Library folders: the folders Encore imports from, with add, remove and rescan.

Each change is kept at once (the caller saves it); adding a folder imports it, rescanning
imports the selected folder again (or all of them when none is selected).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.models.formatting import plain_tooltip
from desktop.widgets.accessible import describe


class LibraryFolders(QWidget):
    changed = Signal(tuple)  # tuple[str, ...]: the folders now
    importRequested = Signal(list)  # list[str]: folders to import (again)

    def __init__(self, folders: Iterable[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Where the dialog opens: the window points it at the folder last chosen anywhere.
        self.start_folder: Callable[[], str] = lambda: ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = describe(
            QListWidget(), self.tr("Library folders"), self.tr("The folders Encore imports")
        )
        self.list.setMaximumHeight(110)
        layout.addWidget(self.list)
        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add folder…"))
        self.add_button.clicked.connect(self._choose)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.clicked.connect(self._remove)
        self.rescan_button = QPushButton(self.tr("Rescan"))
        self.rescan_button.setToolTip(
            self.tr("Import the selected folder again (all when none is selected)")
        )
        self.rescan_button.clicked.connect(self._rescan)
        describe(self.add_button, self.tr("Add folder"), self.tr("Add a folder and import it"))
        describe(
            self.remove_button,
            self.tr("Remove folder"),
            self.tr("Stop listing the selected folder"),
        )
        describe(
            self.rescan_button,
            self.tr("Rescan"),
            self.tr("Import the selected folder again, or all"),
        )
        for button in (self.add_button, self.remove_button, self.rescan_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.add(folders, announce=False)

    def folders(self) -> tuple[str, ...]:
        return tuple(_folder(self.list.item(i)) for i in range(self.list.count()))

    def add(self, folders: Iterable[str], *, announce: bool = True) -> None:
        """Add folders not listed yet (an import of a folder lists it here)."""
        known = set(self.folders())
        added = False
        for folder in folders:
            if folder and folder not in known and Path(folder).is_dir():
                # Qt drops the surrogate escapes of a name that is not UTF-8: the item keeps
                # the exact name as bytes and shows the undecodable ones as \xHH.
                raw = os.fsencode(folder)
                shown = raw.decode("utf-8", "backslashreplace")
                item = QListWidgetItem(shown)  # item text is never rich text
                item.setData(Qt.ItemDataRole.UserRole, raw)
                item.setToolTip(plain_tooltip(shown))
                self.list.addItem(item)
                known.add(folder)
                added = True
        if added and announce:
            self.changed.emit(self.folders())

    def _choose(self) -> None:
        start = self.start_folder() or str(Path.home())
        folder = QFileDialog.getExistingDirectory(self, self.tr("Add a library folder"), start)
        if folder:
            self.add([folder])
            self.importRequested.emit([folder])

    def _remove(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
            self.changed.emit(self.folders())

    def _rescan(self) -> None:
        item = self.list.currentItem()
        folders = [_folder(item)] if item is not None else list(self.folders())
        if folders:
            self.importRequested.emit(folders)


def _folder(item: QListWidgetItem) -> str:
    return os.fsdecode(bytes(item.data(Qt.ItemDataRole.UserRole)))
