"""The navigation list on the left: Home, Library, Albums, Artists, Mixes, Playlists, Queue,
Settings.

Songs dragged over Playlists open that page, so they can be dropped onto a playlist there. A
click on the page already shown says so (``pageReselected``): Albums and Artists go back from an
album's or an artist's page to their list, as a browser's tabs do."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QMouseEvent
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from desktop.models.track_drag import dragged_track_ids
from desktop.widgets.accessible import describe
from desktop.widgets.assets import icon

# (page, icon): the English page name is the key code asks by; the sidebar shows it translated.
PAGES: tuple[tuple[str, str], ...] = (
    (QT_TRANSLATE_NOOP("Sidebar", "Home"), "home"),
    (QT_TRANSLATE_NOOP("Sidebar", "Library"), "library"),
    (QT_TRANSLATE_NOOP("Sidebar", "Albums"), "albums"),
    (QT_TRANSLATE_NOOP("Sidebar", "Artists"), "artists"),
    (QT_TRANSLATE_NOOP("Sidebar", "Mixes"), "mixes"),
    (QT_TRANSLATE_NOOP("Sidebar", "Playlists"), "playlist"),
    (QT_TRANSLATE_NOOP("Sidebar", "Queue"), "queue"),
    (QT_TRANSLATE_NOOP("Sidebar", "Settings"), "settings"),
)
PAGE_ROLE = Qt.ItemDataRole.UserRole


class Sidebar(QListWidget):
    pageReselected = Signal(str)  # the English key of the page clicked while it was shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self.setIconSize(QSize(20, 20))
        self.setFixedWidth(180)
        names = [self.tr(p[0]) for p in PAGES]
        listed = self.tr("{pages} and {last}").format(pages=", ".join(names[:-1]), last=names[-1])
        describe(self, self.tr("Pages"), listed)
        self.setAcceptDrops(True)
        for (page, icon_name), name in zip(PAGES, names, strict=True):
            item = QListWidgetItem(icon(icon_name), name)
            item.setData(PAGE_ROLE, page)
            self.addItem(item)
        self.setCurrentRow(0)

    def select(self, page: str) -> None:
        """Show ``page``, named by its English key (``PAGES``)."""
        self.setCurrentRow([p[0] for p in PAGES].index(page))

    def current_page(self) -> str:
        item = self.currentItem()
        return item.data(PAGE_ROLE) if item is not None else ""

    def mousePressEvent(self, event: QMouseEvent) -> None:  # Qt's name
        item = self.itemAt(event.position().toPoint())
        again = item is not None and item is self.currentItem()
        super().mousePressEvent(event)
        if again and event.button() == Qt.MouseButton.LeftButton:
            self.pageReselected.emit(item.data(PAGE_ROLE))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # Qt's name
        if dragged_track_ids(event.mimeData()):
            event.accept()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # Qt's name
        item = self.itemAt(event.position().toPoint())
        if item is not None and item.data(PAGE_ROLE) == "Playlists":
            self.select("Playlists")
        event.ignore()  # nothing is dropped on the sidebar itself
