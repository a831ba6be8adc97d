"""What Home shows before anything has been played: what will appear there, and the two ways
to get there (play the library, or import music), instead of a line of text above blank space.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from desktop.i18n import translate
from desktop.widgets.accessible import describe
from desktop.widgets.assets import icon
from desktop.widgets.labels import PlainLabel

TITLE = QT_TRANSLATE_NOOP("NoHistory", "Nothing played yet")
HINT = QT_TRANSLATE_NOOP(
    "NoHistory",
    "Home fills up as you listen: songs picked for you, your most played and recently played "
    "songs, songs like the ones you played, and mixes of your taste. Play something to start.",
)


class NoHistory(QFrame):
    playClicked = Signal()  # play the library as listed
    importClicked = Signal()  # choose a folder to import

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 28, 24, 28)
        layout.setSpacing(10)
        layout.addStretch(1)
        self.title = PlainLabel(translate("NoHistory", TITLE), name="sectionTitle")
        self.hint = PlainLabel(translate("NoHistory", HINT), name="muted")
        for widget in (self.title, self.hint):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            widget.setWordWrap(True)  # wraps on a narrow page instead of widening the window
            layout.addWidget(widget)
        self.play_button = QPushButton(icon("play"), self.tr("Play your library"))
        self.play_button.setObjectName("accent")
        self.play_button.clicked.connect(self.playClicked)
        describe(
            self.play_button,
            self.tr("Play your library"),
            self.tr("Play the library's songs from the first"),
        )
        self.import_button = QPushButton(icon("import"), self.tr("Import folder…"))
        self.import_button.clicked.connect(self.importClicked)
        describe(
            self.import_button, self.tr("Import folder"), self.tr("Choose a music folder to import")
        )
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.play_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(1)
