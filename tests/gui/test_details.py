"""Details: the playing row is marked, names sort as people expect, Esc clears the search,
an empty Library or Home offers the import, the pane says what it is and names albums."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QGuiApplication, QPalette

from desktop.models.collation import collation_ranks, collator
from desktop.models.library_columns import COL_ARTIST, COL_TITLE
from desktop.phrase_text import shown
from engine.library.albums import albums, artists
from engine.models import Track
from engine.playback.track_list import as_row
from tests.gui.conftest import WAIT_MS, corners_library, drop_on, write_tone

pytestmark = pytest.mark.gui


def test_the_playing_song_is_marked_in_the_table_and_the_lists(
    qtbot, desktop, wait_jobs, tmp_path: Path
) -> None:
    corners_library(desktop.ctx.store, tmp_path / "music", per_group=3, seconds=20.0)
    window = desktop.window
    window.load_all()
    wait_jobs(desktop)
    model = window.library_model
    window.sidebar.select("Mixes")
    songs = window.mixes.tracks
    qtbot.waitUntil(lambda: songs.count() > 1, timeout=WAIT_MS)
    target = songs.tracks()[1]
    window.controller.play_tracks([target])
    qtbot.waitUntil(lambda: model.playing == target.track_id, timeout=WAIT_MS)
    row = model.row_of(target.track_id)
    # Marked by colour and icon, in the same weight as the others: a bold row elided its Genre.
    assert model.index(row, COL_ARTIST).data(Qt.ItemDataRole.FontRole) is None
    accent = QGuiApplication.palette().color(QPalette.ColorRole.Link)
    assert model.index(row, COL_ARTIST).data(Qt.ItemDataRole.ForegroundRole).color() == accent
    assert model.index(row, COL_TITLE).data(Qt.ItemDataRole.DecorationRole) is not None
    other = (row + 1) % model.rowCount()
    assert model.index(other, COL_TITLE).data(Qt.ItemDataRole.ForegroundRole) is None
    assert songs.item(1).font().bold()
    assert not songs.item(0).font().bold()
    assert songs.item(1).data(Qt.ItemDataRole.AccessibleDescriptionRole) == "playing now"


def test_names_sort_by_letter_whatever_the_accent_and_case(desktop) -> None:
    model = desktop.window.library_model
    artists = ["Zed", "Àlex", "bob", "alex", "Émile", "Eve", "Alex"]
    model.set_tracks(
        Track(f"t{i}", f"/m/{i}.ogg", f"Song {i}", a, "A") for i, a in enumerate(artists)
    )
    model.sort(COL_ARTIST, Qt.SortOrder.AscendingOrder)
    shown = [model.index(r, COL_ARTIST).data() for r in range(model.rowCount())]
    assert shown == ["alex", "Alex", "Àlex", "bob", "Émile", "Eve", "Zed"]


def test_one_locale_aware_numeric_collation_for_table_albums_and_artists(desktop) -> None:
    model = desktop.window.library_model
    titles = ["track 10", "Track 2", "track 1b", "Track 1", "Ålesund", "Zed"]
    tracks = [
        Track(f"t{i}", f"/m/{i}.ogg", t, artist, f"Vol {n}", track_no=None)
        for i, (t, artist, n) in enumerate(
            zip(
                titles,
                ["Zed", "Àlex", "Alex", "Àlex", "Unknown artist", "Alex"],
                [10, 2, 1, 2, 9, 1],
                strict=True,
            )
        )
    ]
    model.set_tracks(tracks)
    model.sort(COL_TITLE, Qt.SortOrder.AscendingOrder)
    shown = [model.index(r, COL_TITLE).data() for r in range(model.rowCount())]
    assert shown == ["Ålesund", "Track 1", "track 1b", "Track 2", "track 10", "Zed"]
    # Rows changed by an import (analysed now) keep the order; a new name takes its place.
    model.upsert_tracks([replace(tracks[0], analysis="ok"), Track("n", "/m/n.ogg", "track 3")])
    shown = [model.index(r, COL_TITLE).data() for r in range(model.rowCount())]
    assert shown == ["Ålesund", "Track 1", "track 1b", "Track 2", "track 3", "track 10", "Zed"]

    rows = [as_row(t) for t in tracks]
    grid = albums(rows, collation_ranks)
    assert [(a.artist, a.title) for a in grid] == [
        ("Alex", "Vol 1"),
        ("Àlex", "Vol 2"),
        ("Zed", "Vol 10"),
        ("Unknown artist", "Vol 9"),
    ]
    assert [a.name for a in artists(grid, collation_ranks)] == [
        "Alex",
        "Àlex",
        "Zed",
        "Unknown artist",
    ]
    # The bundled ICU follows the locale (here C: its root order, not code points) ...
    assert collator().locale().language() != QLocale.Language.C
    # ... and a Swedish listener gets Swedish order: Å is a letter after Z.
    before = QLocale()
    QLocale.setDefault(QLocale("sv_SE"))
    try:
        assert collation_ranks(["Ålesund", "Zed", "Alex"]) == [2, 1, 0]
    finally:
        QLocale.setDefault(before)


def test_escape_clears_the_search(qtbot, desktop) -> None:
    window = desktop.window
    window.library_model.set_tracks(
        [Track("a", "/m/a.ogg", "Alpha", "X", "Y"), Track("b", "/m/b.ogg", "Beta", "X", "Y")]
    )
    window.sidebar.select("Library")
    search = window.library.search
    search.setFocus()
    qtbot.keyClicks(search, "alp")
    assert window.library_model.rowCount() == 1
    qtbot.keyClick(search, Qt.Key.Key_Escape)
    assert search.text() == ""
    assert window.library_model.rowCount() == 2


def test_an_empty_library_and_home_offer_the_import_and_take_drops(
    qtbot, desktop, wait_jobs, tmp_path: Path
) -> None:
    window = desktop.window
    window.load_all()
    wait_jobs(desktop)
    window.sidebar.select("Library")
    library = window.library
    assert library.empty.isVisible() and not library.table.isVisible()
    assert library.empty.import_button.isVisible()
    window.sidebar.select("Home")
    assert window.home.empty.isVisible()

    music = tmp_path / "music"
    music.mkdir()
    write_tone(music / "a.wav", 1.0)
    window.services.import_stages = ("scan",)
    with qtbot.waitSignal(window.home.importRequested) as dropped:
        drop_on(window.home, music)
    assert dropped.args == [[str(music)]]
    qtbot.waitUntil(lambda: window._import_job is None, timeout=WAIT_MS)
    wait_jobs(desktop)
    window.sidebar.select("Library")
    assert library.table.isVisible() and not library.empty.isVisible()
    window.sidebar.select("Home")
    assert not window.home.empty.isVisible()
    # A search that matches nothing is not an empty library.
    window.sidebar.select("Library")
    library.search.setText("no such song")
    assert library.table.isVisible() and not library.empty.isVisible()


def test_the_pane_is_named_for_what_it_is_and_shows_albums(
    qtbot, desktop, wait_jobs, tmp_path: Path
) -> None:
    tracks = corners_library(desktop.ctx.store, tmp_path / "music", per_group=3, seconds=2.0)
    window = desktop.window
    window.load_all()
    wait_jobs(desktop)
    pane = window.recommendations
    assert pane.heading.text() == "Similar to"
    pane.show_for(tracks["r1"])
    qtbot.waitUntil(lambda: pane.list.count() > 0, timeout=WAIT_MS)
    assert pane.seed_artist.text() == "Artist r1 — Album r1"
    first = pane.recommendations[0]
    assert first.track.album in pane.list.item(0).text()
    assert shown(first.reason) in pane.list.item(0).text()


def test_a_song_not_analysed_yet_says_so_without_the_command_line(
    qtbot, desktop, wait_jobs
) -> None:
    song = Track("n1", "/music/album/01 Not yet.ogg", "Not yet", "Ann", "Album", duration=30.0)
    desktop.ctx.store.upsert_tracks([song])
    pane = desktop.window.recommendations
    pane.show_for(song)
    wait_jobs(desktop)
    # The window is analysing it already: no path, no "run `encore analyze`".
    assert pane.status.text() == "Not analysed yet: similar songs appear here as soon as it is."
    assert pane.list.count() == 0 and not pane.save_button.isEnabled()
