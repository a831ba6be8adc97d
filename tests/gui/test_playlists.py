"""The Playlists page on a real store: create, add from any list's menu and by dragging library
rows, reorder (Move up/down and the list's own drag move), remove one entry, rename, delete
with confirmation, play from a row, save the queue, M3U import (skipped lines as FILE:LINE)
and export. Songs dragged in from elsewhere: test_playlist_drag.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from desktop.models.track_drag import TRACK_IDS_MIME
from desktop.widgets.track_list import TrackList
from engine.models import Track
from tests.gui.conftest import WAIT_MS
from tests.gui.playlist_steps import answer_dialog, entries, fill_library, menu_action, type_name

pytestmark = pytest.mark.gui


@pytest.fixture
def library(qtbot, desktop, wait_jobs, tmp_path: Path) -> list[Track]:
    return fill_library(desktop, wait_jobs, tmp_path / "music")


def test_create_add_reorder_remove_rename_delete(qtbot, desktop, wait_jobs, library) -> None:
    window = desktop.window
    view = window.playlists.view
    window.sidebar.select("Playlists")
    assert window.pages.currentWidget() is view
    type_name("Road trip")
    view.new_button.click()
    wait_jobs(desktop)
    assert view.current == "Road trip" and view.names.currentItem().text().startswith("Road trip")

    # From the library table's menu (the whole selection), then a drag of rows onto the name.
    menu = window.library.menu_for(0)
    menu_action(menu, "Add to playlist", "Road trip").trigger()
    wait_jobs(desktop)
    rows = [window.library_model.index(r, 0) for r in (3, 1)]
    mime = window.library_model.mimeData(rows)
    assert mime.hasFormat(TRACK_IDS_MIME) and len(mime.urls()) == 2
    target = view.names.visualItemRect(view.names.item(1)).center()
    drop = QDropEvent(
        QPointF(target),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    view.names.dropEvent(drop)
    assert drop.isAccepted()
    wait_jobs(desktop)
    first, second, fourth = (window.library_model.track_at(r).track_id for r in (0, 1, 3))
    assert entries(desktop, "Road trip") == [first, second, fourth]
    assert view.tracks.count() == 3
    assert view.tracks.item(0).text().startswith("Song & 0")  # "&" shown as typed

    view.tracks.setCurrentRow(2)
    view.up_button.click()  # [first, fourth, second]
    wait_jobs(desktop)
    assert entries(desktop, "Road trip") == [first, fourth, second]
    assert view.tracks.currentRow() == 1  # the moved song stays selected
    view.down_button.click()
    wait_jobs(desktop)
    assert entries(desktop, "Road trip") == [first, second, fourth]
    # The move the list makes when a row is dragged within it: saved the same way.
    view.tracks.model().moveRow(QModelIndex(), 0, QModelIndex(), 3)
    wait_jobs(desktop)
    assert entries(desktop, "Road trip") == [second, fourth, first]

    # A song twice: Remove takes out the selected entry only.
    window.library.table.selectRow(1)
    menu_action(window.library.menu_for(1), "Add to playlist", "Road trip").trigger()
    wait_jobs(desktop)
    assert entries(desktop, "Road trip") == [second, fourth, first, second]
    view.tracks.setCurrentRow(0)
    view.remove_button.click()
    wait_jobs(desktop)
    assert entries(desktop, "Road trip") == [fourth, first, second]

    # The keyboard does the same in the list: Alt+Up/Down move, Delete removes.
    view.tracks.setFocus()
    view.tracks.setCurrentRow(1)
    QTest.keyClick(view.tracks, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    wait_jobs(desktop)
    assert entries(desktop, "Road trip") == [first, fourth, second]
    QTest.keyClick(view.tracks, Qt.Key.Key_Delete)
    wait_jobs(desktop)
    assert entries(desktop, "Road trip") == [fourth, second]
    # Quick edits, none waited for: the store ends as the list shows (edits run in order).
    view.tracks.setCurrentRow(0)
    for button in (view.down_button, view.up_button, view.down_button):
        button.click()
    wait_jobs(desktop)
    assert entries(desktop, "Road trip") == [second, fourth]
    assert [t.track_id for t in view.tracks.tracks()] == [second, fourth]

    type_name("Night drive")
    view.rename_button.click()
    wait_jobs(desktop)
    assert [p.name for p in desktop.ctx.store.playlists()] == ["Night drive"]
    assert view.current == "Night drive"

    # Delete asks first: No keeps it, Yes deletes it.
    answer_dialog(lambda box: box.button(QMessageBox.StandardButton.No).click())
    view.delete_button.click()
    wait_jobs(desktop)
    assert desktop.ctx.store.get_playlist("Night drive") is not None
    answer_dialog(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    view.delete_button.click()
    wait_jobs(desktop)
    assert desktop.ctx.store.playlists() == []
    assert view.current is None and view.names.count() == 1  # Liked songs stays


def test_a_listing_read_before_new_does_not_take_the_selection(
    qtbot, desktop, wait_jobs, library, hold_first
) -> None:
    """New… right as the page opens: the listing read the page started comes back after the
    playlist was asked for and before it is made — the new playlist is still selected."""
    view = desktop.window.playlists.view
    reached, release = hold_first(desktop.ctx.store, "create_playlist", before=True)
    desktop.window.sidebar.select("Playlists")
    type_name("Road trip")
    view.new_button.click()
    assert reached.wait(timeout=60)
    with qtbot.waitSignal(view.actions.changed, timeout=WAIT_MS):
        view.actions.refresh()  # as a save elsewhere asks: read while Road trip is not made
    assert view.actions.names() == []
    release.set()
    wait_jobs(desktop)
    assert view.current == "Road trip" and view.names.currentItem().text().startswith("Road trip")


def test_a_late_listing_read_does_not_undo_a_newer_one(
    qtbot, desktop, wait_jobs, library, hold_first
) -> None:
    actions = desktop.window.playlists.actions
    reached, release = hold_first(desktop.ctx.store, "playlists")
    actions.refresh()
    assert reached.wait(timeout=60)  # it has read: no playlist yet
    actions.create("Road trip")
    qtbot.waitUntil(lambda: actions.names() == ["Road trip"], timeout=WAIT_MS)
    release.set()
    wait_jobs(desktop)
    assert actions.names() == ["Road trip"]


def test_a_late_read_of_the_songs_does_not_undo_an_edit(
    qtbot, desktop, wait_jobs, library, hold_first
) -> None:
    """A move shown, then an older read of the songs comes back: the list stays as saved
    (another move would save what it shows)."""
    store = desktop.ctx.store
    store.create_playlist("Road trip", ["t0", "t1", "t2"])
    window = desktop.window
    view = window.playlists.view
    window.sidebar.select("Playlists")
    wait_jobs(desktop)
    view.names.setCurrentRow(1)
    wait_jobs(desktop)
    reached, release = hold_first(store, "get_playlist")
    view.load()  # as a refresh asks: it reads, then is late
    assert reached.wait(timeout=60)
    view.tracks.setCurrentRow(0)
    with qtbot.waitSignal(  # the move saved, the songs read again and shown
        desktop.workers.jobFinished,
        timeout=WAIT_MS,
        check_params_cb=lambda job: job.name == "playlist" and not job.cancelled,
    ):
        view.down_button.click()
    assert entries(desktop, "Road trip") == ["t1", "t0", "t2"]
    release.set()
    wait_jobs(desktop)
    assert [t.track_id for t in view.tracks.tracks()] == ["t1", "t0", "t2"]


def test_every_song_list_offers_add_to_playlist_and_like(qtbot, desktop, wait_jobs, library):
    window = desktop.window
    desktop.ctx.store.create_playlist("Mine")
    window.playlists.actions.refresh()
    wait_jobs(desktop)
    lists = window.findChildren(TrackList)
    assert {window.queue.list, window.recommendations.list, window.mixes.tracks} <= set(lists)
    for songs in lists:
        assert songs.menu_extras is not None, songs.accessibleName()
    menu = window.queue.list.menu_for(library[2])
    menu_action(menu, "Add to playlist", "Mine").trigger()
    menu_action(window.recommendations.list.menu_for(library[3]), "Like").trigger()
    wait_jobs(desktop)
    assert entries(desktop, "Mine") == ["t2"]
    assert window.playlists.likes.is_liked("t3")
    assert [a.text() for a in window.home.popular.menu_for(library[3]).actions()][-2:] == [
        "Unlike",
        "Add to playlist",
    ]
    # New playlist… from a menu: named in a dialog, made with the song in it.
    type_name("From the menu")
    new_from_menu = ("Add to playlist", "New playlist…")
    menu_action(window.mixes.tracks.menu_for(library[4]), *new_from_menu).trigger()
    wait_jobs(desktop)
    assert entries(desktop, "From the menu") == ["t4"]


def test_play_from_a_row_and_save_the_queue(qtbot, desktop, wait_jobs, library) -> None:
    window, store = desktop.window, desktop.ctx.store
    store.create_playlist("Three", ["t4", "gone", "t1", "t2"])  # "gone" left the library
    window.playlists.actions.refresh()
    window.sidebar.select("Playlists")
    wait_jobs(desktop)
    view = window.playlists.view
    view.names.setCurrentRow(1)
    wait_jobs(desktop)
    assert view.tracks.count() == 4 and "1 no longer in the library" in view.note.text()
    view.tracks.trackActivated.emit(view.tracks.tracks()[2], 2)
    queue = desktop.player.queue
    assert [t.track_id for t in queue.tracks] == ["t4", "t1", "t2"]
    qtbot.waitUntil(lambda: desktop.player.current is not None, timeout=WAIT_MS)
    assert desktop.player.current.track_id == "t1"
    assert window.controller.context == "Playlist “Three”"

    window.queue.save_button.click()
    wait_jobs(desktop)
    assert entries(desktop, "Playlist “Three”") == ["t4", "t1", "t2"]
    assert "Saved as playlist" in window.statusBar().currentMessage()
    assert any(p.name == "Playlist “Three”" for p in window.playlists.actions.playlists)


def test_m3u_import_reports_skipped_lines_and_export_writes(
    qtbot, desktop, wait_jobs, library, tmp_path: Path
) -> None:
    window = desktop.window
    view = window.playlists.view
    m3u = tmp_path / "mix.m3u8"
    m3u.write_text(
        "#EXTM3U\n"
        f"#EXTINF:20,Artist 1 - Song 1\n{library[1].path}\n"
        "music/not-there.wav\n"
        "http://127.0.0.1/stream\n"
        f"{library[0].path}\n",
        encoding="utf-8",
    )
    window.playlists.actions.import_file(str(m3u))
    wait_jobs(desktop)
    assert entries(desktop, "mix") == ["t1", "t0"]
    report = window.playlists.actions.report
    assert report is not None and report.isVisible()
    lines = report.detailedText().splitlines()
    assert lines[0].startswith(f"{m3u}:4: ") and lines[0].endswith("not-there.wav: no such file")
    assert lines[1].startswith(f"{m3u}:5: ") and "stream" in lines[1]
    assert "Imported mix: 2 songs, 2 skipped" in window.statusBar().currentMessage()
    assert view.current == "mix"  # the new playlist is the one shown
    assert view.names.currentItem().text().startswith("mix")
    report.close()

    out = tmp_path / "out.m3u"
    window.playlists.actions.export_file("mix", str(out))
    wait_jobs(desktop)
    text = out.read_text(encoding="utf-8").splitlines()
    assert text[0] == "#EXTM3U" and text[2] == library[1].path and text[4] == library[0].path
    assert view.names.count() == 2  # Liked songs and mix

    window.playlists.actions.import_file(str(tmp_path / "none.m3u"))  # unreadable: one line
    wait_jobs(desktop)
    assert "cannot read" in window.statusBar().currentMessage()

    elsewhere = tmp_path / "elsewhere.m3u"
    elsewhere.write_text("/nowhere/a.mp3\n", encoding="utf-8")
    window.playlists.actions.import_file(str(elsewhere))
    wait_jobs(desktop)
    assert "none of its songs is in the library" in window.statusBar().currentMessage()
    report = window.playlists.actions.report
    assert report is not None and report.detailedText().startswith(f"{elsewhere}:1: ")
    report.close()
    assert view.names.count() == 2  # no empty "elsewhere" playlist


def test_a_mix_and_the_recommendations_save_as_playlists(qtbot, desktop, wait_jobs, library):
    from engine.models import Recommendation
    from engine.phrases import phrase
    from engine.recommend.popular import Mix
    from engine.recommend.reasons import CLOSEST

    window = desktop.window
    # The window's own first loads (mixes among them) land first: they would reset the page.
    wait_jobs(desktop)
    window.mixes.show_mix_tracks(
        Mix(3, phrase("mix", phrase("word_calm")), 2, tuple(library[:2])), list(library[:2])
    )
    window.mixes.save_button.click()
    pane = window.recommendations
    pane.seed = library[4]
    pane._show([Recommendation(t, 0.9, CLOSEST) for t in library[1:4]])
    assert pane.save_button.isEnabled()
    pane.save_button.click()
    wait_jobs(desktop)
    assert entries(desktop, "Calm") == ["t0", "t1"]
    assert entries(desktop, "Similar to Song & 4") == ["t1", "t2", "t3"]
