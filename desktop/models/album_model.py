"""Albums (or artists) as a flat list model for the grid: one row per item, no widget each.

Filtering is a substring match on the names (case and accents folded by
:func:`engine.library.ordering.sort_key`), over a few thousand items: cheap on each keystroke.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.i18n import translate
from desktop.models.formatting import count_of, one_line, plain_tooltip
from engine.library.albums import Album, Artist
from engine.library.ordering import sort_key

ItemRole = Qt.ItemDataRole.UserRole + 1  # the Album (or Artist) of a row
Index = QModelIndex | QPersistentModelIndex
T = TypeVar("T", Album, Artist)


def _names(item: Album | Artist) -> tuple[str, str]:
    """(first line, second line) shown for ``item``."""
    if isinstance(item, Album):
        return item.title, item.artist
    return item.name, count_of(len(item.albums), "album")


class BrowseModel(QAbstractListModel, Generic[T]):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._all: list[T] = []
        self._shown: list[T] = []
        self._row_of: dict[str, int] = {}
        self._hay: list[str] = []
        self._query = ""
        # How the shown items are ordered; None: as given (the engine's grid order, by artist).
        self._order: Callable[[list[T]], list[T]] | None = None

    def set_order(self, order: Callable[[list[T]], list[T]] | None) -> None:
        self._order = order
        self._apply()

    def set_items(self, items: Sequence[T]) -> None:
        self._all = list(items)
        self._hay = ["\n".join(sort_key(n)[0] for n in _names(i)) for i in self._all]
        self._apply()

    def set_filter(self, text: str) -> None:
        self._query = text
        self._apply()

    def _apply(self) -> None:
        terms = sort_key(self._query)[0].split()
        self.beginResetModel()
        if terms:
            self._shown = [
                item
                for item, hay in zip(self._all, self._hay, strict=True)
                if all(t in hay for t in terms)
            ]
        else:
            self._shown = list(self._all)
        if self._order is not None:
            self._shown = self._order(self._shown)
        self._row_of = {item.key: i for i, item in enumerate(self._shown)}
        self.endResetModel()

    def item_at(self, row: int) -> T:
        return self._shown[row]

    def items(self) -> list[T]:
        return list(self._shown)

    def row_of(self, key: str) -> int | None:
        return self._row_of.get(key)

    def find(self, key: str) -> T | None:
        """The item with ``key`` even when the filter hides it."""
        return next((i for i in self._all if i.key == key), None)

    def refresh(self, key: str) -> None:
        """``key``'s picture arrived: repaint its tile only."""
        row = self._row_of.get(key)
        if row is not None:
            index = self.index(row)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    # --- QAbstractListModel ---------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._shown)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        item = self._shown[index.row()]
        if role == ItemRole:
            return item
        first, second = _names(item)
        if role == Qt.ItemDataRole.DisplayRole:
            return one_line(first)  # plain: item views never read it as rich text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if isinstance(item, Album):
                text = translate("AlbumModel", "{album} by {artist}")
                return text.format(album=one_line(first), artist=one_line(second))
            return f"{one_line(first)}, {one_line(second)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(f"{first}\n{second}")
        return None


def by_title(albums: list[Album]) -> list[Album]:
    """Album title order (accents and case aside), unknown albums last; ties keep the grid's
    artist order (a stable sort)."""
    return sorted(albums, key=lambda a: (a.unknown, sort_key(a.title)))


def by_year(albums: list[Album]) -> list[Album]:
    """Newest first, albums without a year last; ties keep the grid's artist order."""
    return sorted(albums, key=lambda a: (a.year is None, -(a.year or 0)))


class AlbumModel(BrowseModel[Album]):
    pass


class ArtistModel(BrowseModel[Artist]):
    pass
