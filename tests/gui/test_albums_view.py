"""Albums and Artists pages: the grid (real cover, placeholder), an album's page and its
buttons, an artist's top songs by plays, "Show in library", and the thumbnail cache."""

from __future__ import annotations

import os
from dataclasses import astuple, replace
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage

from desktop.thumbnails import Thumbnails, cache_file
from desktop.widgets.album_tile import COVER, PAD, placeholder_colour
from engine.events.wire import PlayEvent
from engine.library.albums import artist_key
from engine.models import Track
from tests.gui.conftest import WAIT_MS, write_tone

pytestmark = pytest.mark.gui

BLUE = QColor("#1030e0")


def _png(path: Path, colour: QColor) -> Path:
    image = QImage(40, 40, QImage.Format.Format_RGB32)
    image.fill(colour)
    assert image.save(str(path), "PNG")
    return path


def _library(store, root: Path) -> dict[str, Track]:
    """Two albums: "Blue Hour" by Ann (tracks out of order, two discs, cover.png beside them)
    and "Plain" by Bob (no picture anywhere)."""
    blue = root / "Ann" / "Blue Hour"
    plain = root / "Bob" / "Plain"
    blue.mkdir(parents=True)
    plain.mkdir(parents=True)
    _png(blue / "cover.png", BLUE)
    spec = [
        ("b3", blue, "Third", "Ann", "Blue Hour", 2, 1),
        ("b1", blue, "First", "Ann", "Blue Hour", 1, 1),
        ("b2", blue, "Second", "Ann", "Blue Hour", 1, 2),
        ("p1", plain, "Only", "Bob", "Plain", None, 1),
    ]
    tracks = {}
    for i, (tid, folder, title, artist, album, disc, number) in enumerate(spec):
        path = write_tone(folder / f"{tid}.wav", seconds=0.5, freq=300.0 + 50 * i)
        tracks[tid] = Track(
            tid, str(path), title, artist, album, disc_no=disc, track_no=number, duration=0.5
        )
    store.upsert_tracks(tracks.values())
    return tracks


def _open_albums(qtbot, desktop, wait_jobs):
    window = desktop.window
    window.load_all()
    wait_jobs(desktop)
    window.sidebar.select("Albums")
    albums = window.browse.albums
    qtbot.waitUntil(lambda: albums.model.rowCount() == 2, timeout=WAIT_MS)
    return window, albums


def _centre_colour(grid, row: int) -> QColor:
    rect = grid.visualRect(grid.model().index(row, 0))
    image = grid.viewport().grab().toImage()
    x = rect.x() + rect.width() // 2
    y = rect.y() + PAD + COVER // 2 + COVER // 4  # below the placeholder's initials
    ratio = image.devicePixelRatio()
    return image.pixelColor(round(x * ratio), round(y * ratio))


def _close(a: QColor, b: QColor, tolerance: int = 12) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


def test_grid_has_one_tile_per_album_with_the_cover_or_a_placeholder(
    qtbot, desktop, wait_jobs, tmp_path: Path
) -> None:
    _library(desktop.ctx.store, tmp_path / "music")
    window, albums = _open_albums(qtbot, desktop, wait_jobs)
    model, grid, thumbs = albums.model, albums.grid, window.browse.thumbnails
    assert [(model.item_at(r).title, model.item_at(r).artist) for r in range(2)] == [
        ("Blue Hour", "Ann"),
        ("Plain", "Bob"),
    ]
    keys = [model.item_at(r).key for r in range(2)]
    grid.viewport().repaint()  # the paint asks for the thumbnails
    qtbot.waitUntil(lambda: all(k in thumbs.loaded for k in keys), timeout=WAIT_MS)
    wait_jobs(desktop)
    assert thumbs.loaded == {keys[0]: "decoded", keys[1]: "none"}
    assert _close(_centre_colour(grid, 0), BLUE)
    assert _close(_centre_colour(grid, 1), placeholder_colour(keys[1]))
    assert model.data(model.index(0), Qt.ItemDataRole.AccessibleTextRole) == "Blue Hour by Ann"
    albums.filter.setText("bob")
    assert model.rowCount() == 1 and model.item_at(0).title == "Plain"


def test_thumbnails_are_cached_on_disk_and_read_back_without_decoding(
    qtbot, desktop, wait_jobs, tmp_path: Path
) -> None:
    _library(desktop.ctx.store, tmp_path / "music")
    albums = _open_albums(qtbot, desktop, wait_jobs)[1]
    album = albums.model.item_at(0)
    cache = desktop.ctx.config.cache_dir
    first = Thumbnails(cache, desktop.workers, COVER)
    assert first.pixmap(album, 2.0) is None  # not known yet: a worker loads it
    qtbot.waitUntil(lambda: first.known(album, 2.0), timeout=WAIT_MS)
    pixmap = first.pixmap(album, 2.0)
    assert pixmap is not None
    assert (pixmap.width(), pixmap.height(), pixmap.devicePixelRatio()) == (
        2 * COVER,
        2 * COVER,
        2.0,
    )  # sharp on a 2x screen: COVER logical pixels
    written = cache_file(cache / "thumbnails", album, 2 * COVER).with_suffix(".jpg")
    assert QImage(str(written)).size().width() == 2 * COVER
    # Repaint the source red but keep its mtime: a thumbnail decoded again would be red.
    cover = Path(album.cover_source).parent / "cover.png"
    stat = cover.stat()
    _png(cover, QColor("red"))
    os.utime(cover, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    second = Thumbnails(cache, desktop.workers, COVER)  # a new start: nothing in memory
    second.pixmap(album, 2.0)
    qtbot.waitUntil(lambda: second.known(album, 2.0), timeout=WAIT_MS)
    assert second.loaded[album.key] == "cache"
    image = second.pixmap(album, 2.0).toImage()
    assert _close(image.pixelColor(COVER, COVER), BLUE)
    # A changed cover (a new mtime) makes a new thumbnail.
    os.utime(cover, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    third = Thumbnails(cache, desktop.workers, COVER)
    third.pixmap(album, 2.0)
    qtbot.waitUntil(lambda: third.known(album, 2.0), timeout=WAIT_MS)
    assert third.loaded[album.key] == "decoded"
    assert _close(third.pixmap(album, 2.0).toImage().pixelColor(COVER, COVER), QColor("red"))


def test_album_page_lists_disc_track_order_and_plays_from_the_song(
    qtbot, desktop, wait_jobs, tmp_path: Path
) -> None:
    _library(desktop.ctx.store, tmp_path / "music")
    albums = _open_albums(qtbot, desktop, wait_jobs)[1]
    albums.grid.albumActivated.emit(albums.model.item_at(0))
    page = albums.page
    assert albums.currentWidget().widget() is page  # in its scroll area
    shown = [
        (page.songs.topLevelItem(i).text(0), page.songs.topLevelItem(i).text(1))
        for i in range(page.songs.topLevelItemCount())
    ]
    assert shown == [("1.1", "First"), ("1.2", "Second"), ("2.1", "Third")]
    assert page.artist.text() == "Ann" and page.title.text() == "Blue Hour"
    page.songs.itemActivated.emit(page.songs.topLevelItem(1), 0)
    player = desktop.player
    qtbot.waitUntil(lambda: player.current is not None, timeout=WAIT_MS)
    assert player.current.track_id == "b2"
    assert [t.track_id for t in player.queue.tracks] == ["b1", "b2", "b3"]
    # Add to queue appends the whole album in order.
    page.queue_button.click()
    assert [t.track_id for t in player.queue.tracks][3:] == ["b1", "b2", "b3"]


def test_artist_page_top_songs_follow_plays_and_show_in_library_filters(
    qtbot, desktop, wait_jobs, tmp_path: Path
) -> None:
    _library(desktop.ctx.store, tmp_path / "music")
    ctx = desktop.ctx
    for tid, plays in (("b3", 3), ("b1", 1), ("p1", 5)):
        for _ in range(plays):
            ctx.recorder.record(
                PlayEvent(tid, "complete", ctx.config.device_id, position=0.5, duration=0.5)
            )
    ctx.recorder.record(  # a skip is no play (the engine's one rule)
        PlayEvent("b2", "complete", ctx.config.device_id, position=0.01, duration=300.0)
    )
    window, albums = _open_albums(qtbot, desktop, wait_jobs)
    albums.page.show_album(albums.model.item_at(0))
    albums.setCurrentIndex(1)
    albums.page.artist.click()  # the album's artist opens the Artists page
    artists = window.browse.artists
    assert window.sidebar.currentItem().text() == "Artists"
    page = artists.page
    assert artists.currentWidget().widget() is page and page.artist.name == "Ann"
    qtbot.waitUntil(lambda: page.top_list.topLevelItemCount() == 2, timeout=WAIT_MS)
    top = [
        (page.top_list.topLevelItem(i).text(0), page.top_list.topLevelItem(i).text(2))
        for i in range(2)
    ]
    assert top == [("Third", "3"), ("First", "1")]
    assert page.album_model.rowCount() == 1
    page.library_button.click()
    library = window.library
    assert window.sidebar.currentItem().text() == "Library"
    model = library.model
    assert sorted(model.track_at(r).track_id for r in range(model.rowCount())) == [
        "b1",
        "b2",
        "b3",
    ]
    assert library.scope_bar.isVisible() and "Ann" in library.scope_bar.label.text()
    library.search.setText("third")  # the search still applies inside the filter
    assert [model.track_at(r).track_id for r in range(model.rowCount())] == ["b3"]
    library.search.clear()
    library.scope_bar.show_all.click()
    assert model.rowCount() == 4 and not library.scope_bar.isVisible()


def test_grid_context_menu_and_keyboard_back(qtbot, desktop, wait_jobs, tmp_path: Path) -> None:
    _library(desktop.ctx.store, tmp_path / "music")
    albums = _open_albums(qtbot, desktop, wait_jobs)[1]
    album = albums.model.item_at(1)
    menu = albums.actions.menu(album, albums)
    assert [a.text() for a in menu.actions()] == ["Play", "Shuffle", "Play next", "Add to queue"]
    menu.actions()[0].trigger()
    qtbot.waitUntil(lambda: desktop.player.current is not None, timeout=WAIT_MS)
    assert desktop.player.current.track_id == "p1"
    albums.open_album(album)
    # Tag text shows as it is: no rich text, no "&" taken for a shortcut key.
    odd = replace(album, title="<b>Plain</b>", artist="Simon & <i>Garfunkel</i>")
    albums.open_album(odd)
    assert albums.page.title.text() == "<b>Plain</b>"
    assert albums.page.title.textFormat() == Qt.TextFormat.PlainText
    assert albums.page.artist.text().replace("&&", "&") == "Simon & <i>Garfunkel</i>"
    qtbot.keyClick(albums.page.songs, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert albums.currentIndex() == 0
    assert albums.grid.indexAt(QPoint(5, 5)).isValid()


def test_grid_follows_the_library_and_the_memory_cache_is_bounded(
    qtbot, desktop, wait_jobs, tmp_path: Path
) -> None:
    root = tmp_path / "music"
    _library(desktop.ctx.store, root)
    window, albums = _open_albums(qtbot, desktop, wait_jobs)
    path = write_tone(root / "Bob" / "Plain" / "new.wav", seconds=0.5)
    desktop.ctx.store.upsert_tracks([Track("n1", str(path), "New", "Cem", "Fresh", duration=0.5)])
    window.reload_library()  # what an import's live reload does
    qtbot.waitUntil(lambda: albums.model.rowCount() == 3, timeout=WAIT_MS)
    assert [albums.model.item_at(r).title for r in range(3)] == ["Blue Hour", "Plain", "Fresh"]
    # A budget of one tile: the oldest pixmap goes when the next arrives.
    cache = desktop.ctx.config.cache_dir
    small = Thumbnails(cache, desktop.workers, COVER, memory_bytes=COVER * COVER * 4)
    blue, plain = albums.model.item_at(0), albums.model.item_at(1)
    for album in (blue, plain):
        small.pixmap(album, 1.0)
        qtbot.waitUntil(lambda album=album: small.known(album, 1.0), timeout=WAIT_MS)
    assert small.loaded[plain.key] in ("cache", "none")  # its lack of a cover is remembered
    other = Path(blue.cover_source).parent.parent.parent / "Other"
    other.mkdir()
    _png(other / "folder.jpg", BLUE)  # PNG bytes under a .jpg name: Qt reads the content
    twin = Track("o1", str(write_tone(other / "o1.wav", seconds=0.5)), "O", "Dee", "Twin")
    desktop.ctx.store.upsert_tracks([twin])
    window.reload_library()
    qtbot.waitUntil(lambda: albums.model.rowCount() == 4, timeout=WAIT_MS)
    second = next(a for a in albums.model.items() if a.title == "Twin")
    small.pixmap(second, 1.0)
    qtbot.waitUntil(lambda: small.known(second, 1.0), timeout=WAIT_MS)
    assert small.pixmap(second, 1.0) is not None
    assert not small.known(blue, 1.0)  # evicted: over the budget
    assert small.known(plain, 1.0)  # "no cover" costs nothing and stays


def test_library_menu_goes_to_the_album_and_the_artist(
    qtbot, desktop, wait_jobs, tmp_path: Path
) -> None:
    _library(desktop.ctx.store, tmp_path / "music")
    window = desktop.window
    window.load_all()
    wait_jobs(desktop)
    library = window.library
    row = library.model.row_of("b2")
    menu = library.menu_for(row)
    go = {a.text(): a for a in menu.actions()}
    go["Go to album"].trigger()  # the albums are not grouped yet: they are, then it opens
    albums = window.browse.albums
    qtbot.waitUntil(lambda: albums.currentIndex() == 1, timeout=WAIT_MS)
    assert window.sidebar.currentItem().text() == "Albums"
    assert albums.page.album.title == "Blue Hour"
    window.sidebar.select("Library")
    go = {a.text(): a for a in library.menu_for(library.model.row_of("p1")).actions()}
    go["Go to artist"].trigger()
    artists = window.browse.artists
    qtbot.waitUntil(lambda: artists.currentIndex() == 1, timeout=WAIT_MS)
    assert artists.page.artist.name == "Bob"


def test_a_broken_cover_file_shows_the_placeholder(qtbot, desktop, tmp_path: Path) -> None:
    """Outside data: a cover.jpg that is no image (or empty) is no cover, never an error."""
    from engine.library.albums import albums

    rows = []
    for name, data in (("garbage", b"\xff\xd8 not really a jpeg"), ("empty", b"")):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "cover.jpg").write_bytes(data)
        path = write_tone(folder / "a.wav", seconds=0.2)
        rows.append(astuple(Track(name, str(path), "A", name.title(), name.title())))
    thumbs = Thumbnails(desktop.ctx.config.cache_dir, desktop.workers, COVER)
    found = albums(rows)
    for album in found:
        thumbs.pixmap(album, 1.0)
    qtbot.waitUntil(lambda: all(thumbs.known(a, 1.0) for a in found), timeout=WAIT_MS)
    assert all(thumbs.pixmap(a, 1.0) is None for a in found)
    assert sorted(thumbs.loaded.values()) == ["none", "none"]


def test_the_disk_cache_keeps_the_most_recently_used_within_its_budget(tmp_path: Path) -> None:
    from desktop.thumbnails import prune

    for i, name in enumerate(("old", "used", "new")):
        path = tmp_path / f"{name}.jpg"
        path.write_bytes(b"x" * 100)
        os.utime(path, ns=(10**18 + i, 10**18 + i))
    os.utime(tmp_path / "used.jpg", ns=(10**18 + 9, 10**18 + 9))  # read from the cache lately
    assert prune(tmp_path, budget=250) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.jpg", "used.jpg"]
    assert prune(tmp_path, budget=250) == 0
    assert prune(tmp_path / "missing") == 0


def test_go_to_artist_on_a_compilation_opens_the_track_artist(
    qtbot, desktop, wait_jobs, tmp_path: Path
) -> None:
    folder = tmp_path / "music" / "Hits"
    folder.mkdir(parents=True)
    songs = [("c1", "Cora"), ("c2", "Dev")]  # no album artist: a "Various artists" album
    desktop.ctx.store.upsert_tracks(
        Track(tid, str(write_tone(folder / f"{tid}.wav", seconds=0.5)), tid, who, "Hits")
        for tid, who in songs
    )
    window = desktop.window
    window.load_all()
    wait_jobs(desktop)
    library = window.library
    go = {a.text(): a for a in library.menu_for(library.model.row_of("c2")).actions()}
    go["Go to artist"].trigger()
    artists = window.browse.artists
    qtbot.waitUntil(lambda: artists.currentIndex() == 1, timeout=WAIT_MS)
    assert artists.page.artist.name == "Dev"  # not "Various artists"
    qtbot.waitUntil(lambda: [r[0] for r in artists.page.songs] == ["c2"], timeout=WAIT_MS)
    listed = [artists.model.index(r, 0).data() for r in range(artists.model.rowCount())]
    assert listed == ["Cora", "Dev", "Various artists"]


def test_a_guest_artists_page_shows_the_albums_they_appear_on(
    qtbot, desktop, wait_jobs, tmp_path: Path
) -> None:
    songs = [("h1", "Hits", "Cora"), ("h2", "Hits", "Dev"), ("m1", "More", "Dev")]
    for tid, album, who in songs:  # no album artist: two "Various artists" albums
        folder = tmp_path / "music" / album
        folder.mkdir(parents=True, exist_ok=True)
        path = write_tone(folder / f"{tid}.wav", seconds=0.5)
        desktop.ctx.store.upsert_tracks([Track(tid, str(path), tid, who, album)])
    desktop.ctx.store.upsert_tracks(  # More has a second guest, so it is a compilation too
        [Track("m2", str(write_tone(tmp_path / "music" / "More" / "m2.wav")), "m2", "Eve", "More")]
    )
    window = desktop.window
    window.load_all()
    wait_jobs(desktop)
    window.sidebar.select("Artists")
    page = window.browse.artists.page
    qtbot.waitUntil(lambda: window.browse.artists.model.rowCount() == 4, timeout=WAIT_MS)
    window.browse.open_artist(artist_key("Dev"))
    assert page.artist.name == "Dev" and page.facts.text() == "2 songs · appears on 2 albums"
    assert not page.grid.isVisibleTo(page) and page.appears_grid.isVisibleTo(page)
    model = page.appears_grid.album_model
    assert [model.item_at(r).title for r in range(model.rowCount())] == ["Hits", "More"]
    page.appears_grid.activated.emit(model.index(1, 0))
    albums = window.browse.artists
    assert albums.currentIndex() == 2 and albums.album_page.title.text() == "More"
