"""Tooltips with file or tag text show it literally: Qt renders a tooltip as rich text when it
looks like HTML, so a folder named ``<img src=x>`` would otherwise become an image request."""

from __future__ import annotations

import os

import pytest
from PySide6.QtGui import Qt, QTextDocument

from desktop.models.library_columns import COL_ANALYSED, COL_TITLE
from desktop.models.library_model import LibraryModel
from desktop.widgets.track_list import TrackList
from engine.models import Track

pytestmark = pytest.mark.gui

FOLDER = "/music/<img src=x>"
ERROR = "<b>not audio</b> & <a href='x'>more</a>"


def shown(tooltip: str) -> str:
    """The text a person sees, decided as QToolTip decides it."""
    doc = QTextDocument()
    if Qt.mightBeRichText(tooltip):
        doc.setHtml(tooltip)
    else:
        doc.setPlainText(tooltip)
    return doc.toPlainText()


def _track(path: str, **kw) -> Track:
    return Track("id1", path, "<i>Title</i>", "<u>Artist</u>", duration=60.0, **kw)


def test_library_table_tooltips_are_plain(qapp) -> None:
    model = LibraryModel()
    latin = os.fsdecode(b"/music/<img src=x>/caf\xe9.ogg")
    model.set_tracks([_track(f"{FOLDER}/song.ogg", analysis="failed", analysis_error=ERROR)])
    tip = model.index(0, COL_TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert shown(tip) == f"{FOLDER}/song.ogg"
    assert shown(model.index(0, COL_ANALYSED).data(Qt.ItemDataRole.ToolTipRole)) == ERROR
    model.set_tracks([_track(latin)])
    tip = model.index(0, COL_TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert shown(tip) == "/music/<img src=x>/caf\\xe9.ogg"  # engine.library.paths' rule


def test_track_list_tooltips_are_plain(qapp) -> None:
    widget = TrackList()
    widget.set_tracks([_track(f"{FOLDER}/song.ogg")])
    assert shown(widget.item(0).toolTip()) == f"{FOLDER}/song.ogg"
    assert widget.item(0).text() == "<i>Title</i> — <u>Artist</u>"


def test_window_notices_are_plain(desktop) -> None:
    from desktop.app import show_config_problems
    from desktop.widgets.labels import PlainLabel

    window = desktop.window
    show_config_problems(window, [f"{FOLDER}/config.toml: <b>bad</b> value"])
    notice = window.statusBar().findChild(PlainLabel, "configNotice")
    assert shown(notice.toolTip()) == f"{FOLDER}/config.toml: <b>bad</b> value"
