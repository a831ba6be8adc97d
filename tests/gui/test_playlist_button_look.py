"""The Playlists page's buttons look like the other pages' buttons: its tool bars' text buttons
(New…, Delete, Play…) were drawn flat, text on the page's background, where a page's button (the
Mixes page's Save as playlist) is a raised grey one, dimmed when it cannot be pressed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractButton

from desktop.widgets.assets import theme
from tests.gui.conftest import settle

pytestmark = pytest.mark.gui


def _inside(button: QAbstractButton) -> QColor:
    """The colour just inside the button's left edge, beside its text and icon."""
    image = button.grab().toImage()
    return image.pixelColor(QPoint(3, image.height() // 2))


def test_the_playlists_buttons_are_drawn_as_the_other_pages(desktop) -> None:
    window = desktop.window
    window.setStyleSheet(theme())
    window.sidebar.select("Playlists")
    settle()
    view = window.playlists.view
    page = _inside(view.names)  # the list beside the buttons: the page's background
    reference = window.mixes.save_button
    buttons = [
        view.new_button,
        view.rename_button,
        view.delete_button,
        view.import_button,
        view.export_button,
        view.play_button,
        view.up_button,
        view.down_button,
        view.remove_button,
    ]
    assert {b.isEnabled() for b in buttons} == {True, False}  # Liked songs: both kinds
    for button in buttons:
        reference.setEnabled(button.isEnabled())
        looks = _inside(reference)
        assert looks != page  # the reference is drawn as a button
        assert _inside(button) == looks, (button.text(), button.isEnabled())
