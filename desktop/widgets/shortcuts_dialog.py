"""Help → Keyboard shortcuts: the window's key table (desktop/views/keyboard.py), read-only."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import translate
from desktop.widgets.accessible import describe

# The translation context of every binding's text: lupdate reads it only as a literal, so
# desktop/views/keyboard.py writes QT_TRANSLATE_NOOP("Keyboard", …) out in full.
CONTEXT = "Keyboard"


@dataclass(frozen=True)
class Binding:
    """Keys (portable ``QKeySequence`` text) and what they do (English; shown translated)."""

    keys: tuple[str, ...]
    what: str


def shown_keys(keys: Sequence[str]) -> str:
    """``("Ctrl+F", "Ctrl+L")`` as the platform writes them, one a line."""
    native = QKeySequence.SequenceFormat.NativeText
    # "Ctrl+1…8" is no key sequence: shown as written.
    return "\n".join(QKeySequence(k).toString(native) if "…" not in k else k for k in keys)


class ShortcutsDialog(QDialog):
    def __init__(self, bindings: Sequence[Binding], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        describe(self, self.tr("Keyboard shortcuts"), self.tr("Every key the window answers to"))
        self.resize(560, 560)
        layout = QVBoxLayout(self)
        self.table = QTreeWidget()
        self.table.setObjectName("shortcuts")
        self.table.setHeaderLabels([self.tr("Keys"), self.tr("Action")])
        self.table.setRootIsDecorated(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        describe(self.table, self.tr("Keyboard shortcuts"), self.tr("Keys and what they do"))
        describe(self.table.header(), self.tr("Columns"), self.tr("Keys, and what they do"))
        self.table.addTopLevelItems(
            [QTreeWidgetItem([shown_keys(b.keys), translate(CONTEXT, b.what)]) for b in bindings]
        )
        self.table.resizeColumnToContents(0)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        describe(close, self.tr("Close"), self.tr("Close the list of shortcuts"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def rows(self) -> list[tuple[str, str]]:
        """What the dialog lists: (keys, what they do), as shown."""
        return [
            (self.table.topLevelItem(i).text(0), self.table.topLevelItem(i).text(1))
            for i in range(self.table.topLevelItemCount())
        ]
