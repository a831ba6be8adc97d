"""Clicking Albums or Artists in the sidebar while one album's or artist's page is shown goes
back to the grid or the list; coming to it from another page keeps the page where it was."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.widgets.sidebar import PAGES

pytestmark = pytest.mark.gui


def _click(qtbot, sidebar, page: str) -> None:
    row = [p[0] for p in PAGES].index(page)
    rect = sidebar.visualItemRect(sidebar.item(row))
    qtbot.mouseClick(sidebar.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


@pytest.mark.parametrize(("page", "view"), [("Albums", "albums"), ("Artists", "artists")])
def test_clicking_the_shown_page_goes_back_to_its_list(qtbot, desktop, page, view) -> None:
    window = desktop.window
    stack = getattr(window.browse, view)
    _click(qtbot, window.sidebar, page)
    assert window.sidebar.current_page() == page
    stack.setCurrentIndex(1)  # an album's or an artist's page
    _click(qtbot, window.sidebar, "Library")
    _click(qtbot, window.sidebar, page)
    assert stack.currentIndex() == 1  # back from elsewhere: the page is kept
    _click(qtbot, window.sidebar, page)
    assert stack.currentIndex() == 0
    assert window.sidebar.current_page() == page
