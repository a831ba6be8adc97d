"""Home with songs but nothing played: a card says what Home will show and offers to play the
library or import music, and the page has no blank areas (an empty "Because you played" box,
the hidden Popular / Recently played columns and an empty mixes list each kept a share of it).
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from PySide6.QtWidgets import QScrollArea, QWidget

from tests.gui.conftest import WAIT_MS, settle, write_tone

pytestmark = pytest.mark.gui


@pytest.fixture
def home(qtbot, desktop, wait_jobs, tmp_path: Path):
    from engine.models import Track

    tracks = [
        Track(f"n{i}", str(write_tone(tmp_path / f"n{i}.wav", 20.0, sr=8000)), f"Tone {i}", "A")
        for i in range(3)
    ]
    desktop.ctx.store.upsert_tracks(tracks)
    window = desktop.window
    window.resize(1280, 800)
    window.load_all()
    wait_jobs(desktop)
    window.sidebar.select("Home")
    wait_jobs(desktop)
    settle()
    return window.home


def _shown_rows(page: QWidget) -> list[tuple[int, int, str]]:
    """(top, bottom, name) of each item of the page's layout on screen, top to bottom."""
    layout = page.layout()
    rows = []
    for i in range(layout.count()):
        widget = layout.itemAt(i).widget()
        if widget is not None and widget.isVisible():
            rows.append((widget.y(), widget.y() + widget.height(), type(widget).__name__))
    return sorted(rows)


def test_home_without_history_says_what_comes_and_leaves_no_blank_space(home) -> None:
    card = home.history_note
    assert card.isVisible()
    assert card.title.text() == "Nothing played yet"
    for promise in ("picked for you", "most played", "recently played", "mixes"):
        assert promise in card.hint.text()
    assert card.play_button.isVisible() and card.import_button.isVisible()
    for blank in (home.because_box, home.columns_box, home.for_you, home.mixes):
        assert not blank.isVisible(), blank
    page = home.findChild(QScrollArea).widget()
    rows = _shown_rows(page)
    spacing = page.layout().spacing()
    gaps = [(b[0] - a[1], a[2], b[2]) for a, b in pairwise(rows)]
    assert all(gap <= spacing for gap, _a, _b in gaps), gaps
    bottom = page.height() - page.layout().contentsMargins().bottom()
    assert bottom - rows[-1][1] <= spacing, (rows, page.height())


def test_the_cards_buttons_play_the_library_and_import(qtbot, home, desktop, monkeypatch) -> None:
    asked: list[str] = []
    monkeypatch.setattr(
        "desktop.views.library.QFileDialog.getExistingDirectory",
        lambda _parent, title, _start: asked.append(title) or "",
    )
    home.history_note.import_button.click()
    assert asked == ["Import a music folder"]
    home.history_note.play_button.click()
    qtbot.waitUntil(lambda: desktop.player.state == "playing", timeout=WAIT_MS)
    assert desktop.player.current is not None
    qtbot.waitUntil(home.history_note.isHidden, timeout=WAIT_MS)  # played: Home fills up
