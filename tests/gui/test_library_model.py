"""The library table model: search-as-you-type, sorting, plain-text tags."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.models.library_columns import (
    COL_ARTIST,
    COL_DURATION,
    COL_PLAYS,
    COL_TITLE,
)
from desktop.models.library_model import LibraryModel
from engine.models import Track

pytestmark = pytest.mark.gui


def _track(i: int, title: str, artist: str = "Artist", album: str = "Album", **kw) -> Track:
    return Track(
        f"id{i}", f"/music/{i}.ogg", title, artist, album, duration=kw.pop("d", 60.0), **kw
    )


@pytest.fixture
def model(qapp) -> LibraryModel:
    model = LibraryModel()
    model.set_tracks(
        [
            _track(0, "Blue Monday", "New Order", "Power", d=444),
            _track(1, "Monday Morning", "Fleetwood Mac", "Rumours", d=170),
            _track(2, "Blackbird", "The Beatles", "White Album", d=140),
            _track(3, "Blue in Green", "Miles Davis", "Kind of Blue", d=337),
            _track(4, "Ça plane pour moi", "Plastic Bertrand", "AN1", d=180),
        ]
    )
    return model


def titles(model: LibraryModel) -> list[str]:
    return [model.index(r, COL_TITLE).data() for r in range(model.rowCount())]


def test_search_matches_title_artist_album_case_insensitively(model: LibraryModel) -> None:
    model.set_filter("BLUE")
    assert set(titles(model)) == {"Blue Monday", "Blue in Green"}  # Kind of Blue is album
    model.set_filter("beatles")
    assert titles(model) == ["Blackbird"]
    model.set_filter("rumours")
    assert titles(model) == ["Monday Morning"]
    model.set_filter("ça")
    assert titles(model) == ["Ça plane pour moi"]


def test_search_sets_accents_aside_as_the_album_grid_does(model: LibraryModel) -> None:
    model.upsert_tracks([_track(5, "Menu", "Àlex Almarza", "Amoebax")])
    model.set_filter("alex")  # "Àlex" on one track of Alex's album: found as well
    assert titles(model) == ["Menu"]
    model.set_filter("ca plane")
    assert titles(model) == ["Ça plane pour moi"]
    model.set_filter("ÀLEX ALMARZA")
    assert titles(model) == ["Menu"]


def test_every_term_must_match_and_refining_equals_a_fresh_search(model: LibraryModel) -> None:
    for prefix in ("m", "mo", "mon", "mond", "monda", "monday", "monday b"):
        model.set_filter(prefix)
    refined = titles(model)
    fresh = LibraryModel()
    fresh.set_tracks(model.all_tracks())
    fresh.set_filter("monday b")
    assert refined == titles(fresh) == ["Blue Monday"]
    model.set_filter("")  # clearing the box shows everything again
    assert model.rowCount() == 5


def test_widening_the_query_brings_rows_back(model: LibraryModel) -> None:
    model.set_filter("blackbird")
    assert model.rowCount() == 1
    model.set_filter("bl")
    assert set(titles(model)) == {"Blackbird", "Blue Monday", "Blue in Green"}


def test_sorting_by_text_and_number_columns_keeps_the_filter(model: LibraryModel) -> None:
    model.sort(COL_DURATION, Qt.SortOrder.DescendingOrder)
    assert titles(model)[:2] == ["Blue Monday", "Blue in Green"]
    model.sort(COL_ARTIST, Qt.SortOrder.AscendingOrder)
    assert [model.index(r, COL_ARTIST).data() for r in range(5)] == sorted(
        ["New Order", "Fleetwood Mac", "The Beatles", "Miles Davis", "Plastic Bertrand"]
    )
    model.set_filter("blue")
    assert titles(model) == ["Blue in Green", "Blue Monday"]  # Miles Davis < New Order
    model.set_play_counts({"id0": 7, "id3": 2})
    model.sort(COL_PLAYS, Qt.SortOrder.DescendingOrder)
    assert titles(model) == ["Blue Monday", "Blue in Green"]
    assert model.index(0, COL_PLAYS).data() == "7"


def test_upsert_adds_new_rows_and_updates_changed_ones(model: LibraryModel) -> None:
    model.upsert_tracks([_track(5, "New Song"), _track(2, "Blackbird (Remastered)", d=141)])
    assert model.rowCount() == 6
    model.set_filter("remastered")
    assert titles(model) == ["Blackbird (Remastered)"]
    assert model.track_at(0).duration == 141


def test_tag_text_is_returned_as_literal_plain_text(qapp) -> None:
    hostile = '<b>x</b><img src="file:///etc/passwd">'
    model = LibraryModel()
    model.set_tracks([_track(0, hostile, artist="<i>a</i>\nline two")])
    assert model.index(0, COL_TITLE).data() == hostile
    assert model.index(0, COL_ARTIST).data() == "<i>a</i> line two"  # one line, tags kept literal


def test_the_selected_and_current_songs_stay_selected_when_the_table_is_sorted(
    qtbot, model: LibraryModel
) -> None:
    # The sort moved the rows but not the selection: the highlight landed on another song
    # while Up next still showed the one clicked.
    from PySide6.QtCore import QItemSelectionModel
    from PySide6.QtWidgets import QTableView

    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    table.setSortingEnabled(True)
    table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    chosen = model.row_of("id3")  # "Blue in Green", Miles Davis
    table.selectionModel().setCurrentIndex(
        model.index(chosen, COL_TITLE),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    for column in (COL_ARTIST, COL_DURATION, COL_TITLE):
        table.sortByColumn(column, Qt.SortOrder.DescendingOrder)
        rows = {i.row() for i in table.selectionModel().selectedRows()}
        assert [model.track_id_at(r) for r in rows] == ["id3"]
        assert model.track_id_at(table.currentIndex().row()) == "id3"
