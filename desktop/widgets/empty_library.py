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
# While an import reads its first tags the library is still empty: the card says so instead
# of offering the import the listener has just started.
IMPORTING_TITLE = QT_TRANSLATE_NOOP("EmptyLibrary", "Importing your music…")
IMPORTING_HINT = QT_TRANSLATE_NOOP(
    "EmptyLibrary", "Songs appear here as their tags are read; you can play them at once."
)


class EmptyLibrary(QFrame):
    importClicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 28, 24, 28)
        layout.setSpacing(10)
        layout.addStretch(1)
        self.title = PlainLabel(translate("EmptyLibrary", TITLE), name="sectionTitle")
        self.hint = PlainLabel(translate("EmptyLibrary", HINT), name="muted")
        for widget in (self.title, self.hint):
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

    def set_importing(self, importing: bool) -> None:
        """Say that an import is under way (no import button), or invite one again."""
        self.title.setText(translate("EmptyLibrary", IMPORTING_TITLE if importing else TITLE))
        self.hint.setText(translate("EmptyLibrary", IMPORTING_HINT if importing else HINT))
        self.import_button.setVisible(not importing)
