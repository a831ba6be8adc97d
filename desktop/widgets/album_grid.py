"""The album grid: a QListView in icon mode over an :class:`AlbumModel`, uniform tiles."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from desktop.models.album_model import AlbumModel
from desktop.thumbnails import Thumbnails
from desktop.widgets.accessible import describe
from desktop.widgets.album_tile import TILE, AlbumTileDelegate
from desktop.widgets.open_on_click import open_on_click


class AlbumGrid(QListView):
    albumActivated = Signal(object)  # Album: a click or Enter
    menuRequested = Signal(object, QPoint)  # Album, global position

    def __init__(
        self, model: AlbumModel, thumbnails: Thumbnails, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("albumGrid")
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(True)  # one size hint for 10k tiles, not 10k calls
        self.setGridSize(TILE)
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(500)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalScrollBar().setSingleStep(24)
        self.setItemDelegate(AlbumTileDelegate(thumbnails, self))
        self.setModel(model)
        self.album_model = model
        describe(self, self.tr("Albums"), self.tr("Every album; activate one to open it"))
        thumbnails.ready.connect(model.refresh)
        self.activated.connect(self._activated)
        open_on_click(self)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.albumActivated.emit(self.album_model.item_at(index.row()))

    def _menu(self, pos: QPoint) -> None:
        index = self.indexAt(pos)
        if index.isValid():
            album = self.album_model.item_at(index.row())
            self.menuRequested.emit(album, self.viewport().mapToGlobal(pos))
