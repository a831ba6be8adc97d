"""The Albums grid sorts by artist (as before), album title or year, newest first — it had no
sort at all, where every player's album view has one (a tryout under Xvfb); the filter keeps
the chosen order, and a refreshed library too."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.models import Track
from tests.gui.conftest import WAIT_MS, write_tone

pytestmark = pytest.mark.gui

# (album, artist, year): the artist order puts Ann's first, then Bob's, then Cleo's.
ALBUMS = [
    ("Zebra Crossing", "Ann", 1999),
    ("éclair", "Bob", 2021),
    ("Middle", "Cleo", None),
    ("Apple", "Cleo", 2005),
]


def _titles(view) -> list[str]:
    return [a.title for a in view.model.items()]


def test_the_albums_sort_by_artist_title_or_year(qtbot, desktop, wait_jobs, tmp_path: Path) -> None:
    folder = tmp_path / "music"
    folder.mkdir()
    tracks = [
        Track(
            f"t{i}",
            str(write_tone(folder / f"t{i}.wav", 0.5, sr=8000)),
            f"Song {i}",
            artist,
            album,
            year=year,
            duration=0.5,
        )
        for i, (album, artist, year) in enumerate(ALBUMS)
    ]
    desktop.ctx.store.upsert_tracks(tracks)
    window = desktop.window
    window.load_all()
    wait_jobs(desktop)
    window.sidebar.select("Albums")
    view = window.browse.albums
    qtbot.waitUntil(lambda: view.model.rowCount() == 4, timeout=WAIT_MS)
    by_artist = _titles(view)
    assert by_artist == ["Zebra Crossing", "éclair", "Apple", "Middle"]
    assert [view.sort.itemText(i) for i in range(view.sort.count())] == [
        "By artist",
        "By album title",
        "By year, newest first",
    ]

    view.sort.setCurrentIndex(1)
    assert _titles(view) == ["Apple", "éclair", "Middle", "Zebra Crossing"]  # accents aside
    view.sort.setCurrentIndex(2)
    assert _titles(view) == ["éclair", "Apple", "Zebra Crossing", "Middle"]  # no year: last
    view.filter.setText("cleo")  # the filter keeps the order
    assert _titles(view) == ["Apple", "Middle"]
    view.filter.clear()
    window.load_all()  # a library read again keeps the chosen order
    wait_jobs(desktop)
    assert _titles(view) == ["éclair", "Apple", "Zebra Crossing", "Middle"]
    view.sort.setCurrentIndex(0)
    assert _titles(view) == by_artist
