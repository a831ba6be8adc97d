"""Help → About Encore: name, version and licence from the installed package's metadata, and
the folders a bug report asks for (data, cache, logs) as plain text to select and copy, with a
button that opens the log file (or, when no program can, says where the file is)."""

from __future__ import annotations

from importlib import metadata

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.widgets.accessible import describe
from desktop.widgets.labels import PlainLabel
from engine.cli import version_text
from engine.config import Config
from engine.library.paths import path_text

SELECTABLE = (
    Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
)


def licence_text() -> str:
    """The licence pip recorded from pyproject.toml (the one place it is written)."""
    try:
        info = metadata.metadata("encore")
    except metadata.PackageNotFoundError:
        return ""
    return info.get("License-Expression") or info.get("License") or ""


class AboutDialog(QDialog):
    def __init__(self, config: Config, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About Encore"))
        describe(self, self.tr("About Encore"), self.tr("Version, licence and Encore's folders"))
        layout = QVBoxLayout(self)
        name = PlainLabel(self.tr("Encore"), name="pageTitle")
        layout.addWidget(name)
        self.fields: dict[str, QLabel] = {}
        form = QFormLayout()
        rows = (
            ("version", self.tr("Version"), version_text()),
            ("licence", self.tr("Licence"), licence_text() or self.tr("unknown")),
            ("data", self.tr("Library and settings"), path_text(str(config.home))),
            ("cache", self.tr("Cache"), path_text(str(config.cache_dir))),
            ("logs", self.tr("Logs"), path_text(str(config.log_dir))),
        )
        for key, label, text in rows:
            value = PlainLabel(text)
            value.setTextInteractionFlags(SELECTABLE)  # to copy into a bug report
            value.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            describe(value, label, text)
            self.fields[key] = value
            form.addRow(label, value)
        layout.addLayout(form)
        self.log_url = QUrl.fromLocalFile(str(config.log_file))
        self.open_log = QPushButton(self.tr("Open the log file"))
        describe(
            self.open_log,
            self.tr("Open the log file"),
            self.tr("The log to attach to a bug report"),
        )
        self.open_log.clicked.connect(self._open_log)
        self.open_log.setEnabled(config.log_file.exists())
        layout.addWidget(self.open_log)
        # A bare window manager has no program for text files: openUrl only returns False.
        self.open_failed = PlainLabel(
            self.tr("No program here opens the log file. It is {path}").format(
                path=path_text(str(config.log_file))
            )
        )
        self.open_failed.setTextInteractionFlags(SELECTABLE)
        self.open_failed.setWordWrap(True)
        self.open_failed.hide()
        layout.addWidget(self.open_failed)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _open_log(self) -> None:
        if not QDesktopServices.openUrl(self.log_url):
            self.open_failed.show()
