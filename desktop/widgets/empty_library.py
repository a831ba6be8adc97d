"""What an empty Library or Home shows instead of bare column headers: what to do, an import
button, and that a folder can be dropped here (the page around it takes the drop)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import QFrame, QPushButton, QVBoxLayout, QWidget

from desktop.i18n import translate
from desktop.widgets.accessible import describe
from desktop.widgets.assets import icon
from desktop.widgets.labels import PlainLabel

TITLE = QT_TRANSLATE_NOOP("EmptyLibrary", "Your library is empty")
HINT = QT_TRANSLATE_NOOP("EmptyLibrary", "Import a music folder, or drop one (or some files) here.")


class EmptyLibrary(QFrame):
    importClicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 28, 24, 28)
        layout.setSpacing(10)
        layout.addStretch(1)
        for widget in (
            PlainLabel(translate("EmptyLibrary", TITLE), name="sectionTitle"),
            PlainLabel(translate("EmptyLibrary", HINT), name="muted"),
        ):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            widget.setWordWrap(True)  # wraps on a narrow page instead of widening the window
            layout.addWidget(widget)
        self.import_button = QPushButton(icon("import"), self.tr("Import folder…"))
        self.import_button.setObjectName("accent")
        self.import_button.clicked.connect(self.importClicked)
        describe(
            self.import_button, self.tr("Import folder"), self.tr("Choose a music folder to import")
        )
        layout.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
