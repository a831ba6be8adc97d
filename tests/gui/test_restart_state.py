"""State kept across restarts: a desktop is built, changed and closed, and a second desktop on
the same ENCORE_HOME comes back the same way (queue paused where it was, volume, modes,
columns and sort, window, splitters, the import dialog's folder)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.models.library_columns import COL_ALBUM, COL_ARTIST, COL_TITLE
from tests.gui.conftest import WAIT_MS, corners_library

pytestmark = pytest.mark.gui


def _close(app) -> None:
    app.window.close()
    app.close()


def test_everything_comes_back_after_a_restart(
    qtbot, build, wait_jobs, tmp_path: Path, encore_home: Path
) -> None:
    first = build()
    tracks = corners_library(first.ctx.store, tmp_path / "music", per_group=4, seconds=30.0)
    window, player, controller = first.window, first.player, first.window.controller
    window.load_all()
    wait_jobs(first)
    ordered = [tracks[t] for t in ("r0", "r1", "r2", "j0", "j1")]
    controller.play_tracks(ordered, 2, context="Library")
    qtbot.waitUntil(lambda: player.state == "playing", timeout=WAIT_MS)
    player.seek(12.0)
    player.pause()
    qtbot.waitUntil(lambda: player.state == "paused", timeout=WAIT_MS)
    window.now_playing.volume_slider.setValue(85)
    controller.set_shuffle(True)
    controller.set_repeat("all")
    window.resize(780, 700)
    qtbot.waitUntil(lambda: window.width() == 780, timeout=WAIT_MS)
    window.split.setSizes([320, 280])
    saved_split = window.split.sizes()
    window.sidebar.select("Library")
    table = window.library.table
    header = table.horizontalHeader()
    table.sortByColumn(COL_ARTIST, Qt.SortOrder.DescendingOrder)
    header.resizeSection(COL_ARTIST, 120)
    header.moveSection(header.visualIndex(COL_ALBUM), header.visualIndex(COL_ARTIST))
    visual = [header.logicalIndex(v) for v in range(header.count())]
    window.library.last_folder = str(tmp_path / "music")
    _close(first)
    saved = json.loads((encore_home / "queue.json").read_text(encoding="utf-8"))
    assert saved["track_ids"] == ["r0", "r1", "r2", "j0", "j1"] and saved["index"] == 2

    second = build()
    window, player, controller = second.window, second.player, second.window.controller
    window.load_all()
    wait_jobs(second)
    queue = player.queue
    assert [queue.tracks.track_id(i) for i in range(len(queue))] == ["r0", "r1", "r2", "j0", "j1"]
    assert queue.current.track_id == "r2"
    assert (queue.shuffle, queue.repeat) == (True, "all")
    assert player.state == "stopped"  # restored paused: nothing sounds until play
    assert controller.cued_track[0].track_id == "r2"
    assert controller.cued_track[1] == pytest.approx(12.0, abs=0.3)
    bar = window.now_playing
    assert bar.title.text() == "Song r2" and bar.elapsed.text() == "0:12"
    # The waiting song is the current one everywhere, as before the restart: the window's
    # title, its row in the table, and the pane's "Similar to".
    assert window.windowTitle().startswith("Song r2 — ")
    assert window.library_model.playing == "r2"
    assert window.recommendations.seed.track_id == "r2"
    assert player.volume == pytest.approx(0.85)
    assert bar.volume_slider.value() == 85
    assert (window.width(), window.height()) == (780, 700)
    assert window.split.sizes() == saved_split
    header = window.library.table.horizontalHeader()
    assert [header.logicalIndex(v) for v in range(header.count())] == visual
    assert header.wanted_width(COL_ARTIST) == 120  # shown narrower while the table is narrow
    widths = [(header.sectionSize(c), header.needed(c), header.width()) for c in range(7)]
    shown = [c for c in range(header.count()) if not header.isSectionHidden(c)]
    assert all(header.sectionSize(c) >= header.needed(c) for c in shown), widths
    assert header.sortIndicatorSection() == COL_ARTIST
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    model = window.library_model
    artists = [model.index(r, COL_ARTIST).data() for r in range(model.rowCount())]
    assert artists == sorted(artists, reverse=True)
    assert header.sectionResizeMode(COL_TITLE) == header.ResizeMode.Interactive
    assert window.library.last_folder == str(tmp_path / "music")

    bar.play_button.click()  # play resumes where the last run stopped
    qtbot.waitUntil(lambda: player.state == "playing", timeout=WAIT_MS)
    assert player.current.track_id == "r2"
    assert player.position() == pytest.approx(12.0, abs=1.0)
    assert controller.cued_track is None


def test_a_maximised_window_comes_back_maximised(qtbot, build) -> None:
    first = build()
    first.window.showMaximized()
    qtbot.waitUntil(first.window.isMaximized, timeout=WAIT_MS)
    _close(first)
    second = build()
    assert second.window.isMaximized()


def test_an_unusable_queue_file_is_refused_in_one_line(
    qtbot, build, wait_jobs, encore_home: Path
) -> None:
    (encore_home / "queue.json").write_text('{"track_ids": ["a"], "index": 7}', encoding="utf-8")
    app = build()
    messages: list[str] = []
    app.window.statusBar().messageChanged.connect(messages.append)
    app.window.load_all()
    wait_jobs(app)
    assert not app.player.queue.tracks
    refused = [m for m in messages if m.startswith("Queue not restored")]
    assert refused == [
        f"Queue not restored: {encore_home / 'queue.json'}: field 'index' 7 is outside a queue of 1"
    ]


def test_a_damaged_settings_file_leaves_the_defaults(qtbot, build, encore_home: Path) -> None:
    (encore_home / "desktop.ini").write_bytes(
        b"[General]\nversion=1\n[window]\ngeometry=@ByteArray(\\xff\\x00garbage)\n"
        b"[library]\nheader=not a header\n[playback]\nvolume=-3\n\xff\xfe\n"
    )
    app = build()
    window = app.window
    assert app.player.volume == 1.0  # -3 is no volume: the default stays
    header = window.library.table.horizontalHeader()
    assert {header.sectionResizeMode(c) for c in range(header.count())} == {
        header.ResizeMode.Interactive
    }
    assert header.sortIndicatorSection() in (-1, header.count())  # no sort restored


def test_closing_before_the_queue_is_read_back_keeps_the_saved_queue(
    qtbot, build, wait_jobs, tmp_path: Path, encore_home: Path
) -> None:
    first = build()
    tracks = corners_library(first.ctx.store, tmp_path / "music", per_group=2, seconds=5.0)
    first.window.load_all()
    wait_jobs(first)
    first.window.controller.play_tracks([tracks["r0"], tracks["j0"]], 1)
    qtbot.waitUntil(lambda: first.player.current is not None, timeout=WAIT_MS)
    _close(first)
    second = build()  # closed without load_all: its queue was never read back
    _close(second)
    saved = json.loads((encore_home / "queue.json").read_text(encoding="utf-8"))
    assert saved["track_ids"] == ["r0", "j0"] and saved["index"] == 1


def test_the_last_page_comes_back_and_an_unknown_one_leaves_home(
    qtbot, build, encore_home: Path
) -> None:
    first = build()
    first.window.sidebar.select("Albums")
    _close(first)
    second = build()
    assert second.window.sidebar.current_page() == "Albums"
    assert second.window.pages.currentWidget() is second.window.browse.albums
    _close(second)

    settings = (encore_home / "desktop.ini").read_text(encoding="utf-8")
    assert "page=Albums" in settings
    (encore_home / "desktop.ini").write_text(
        settings.replace("page=Albums", "page=Nowhere"), encoding="utf-8"
    )
    third = build()
    assert third.window.sidebar.current_page() == "Home"
    assert third.window.pages.currentWidget() is third.window.home
