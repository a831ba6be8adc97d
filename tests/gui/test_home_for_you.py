"""Home made personal: For you serves both of a listener's tastes, "Because you …" rows and
one mix per taste appear, and a song just played leaves For you without a restart."""

from __future__ import annotations

import time

import numpy as np
import pytest

from bench.synthetic_library import fill_store, make_library
from engine.context import Context
from engine.events.wire import PlayEvent

pytestmark = pytest.mark.gui


def test_home_shows_for_you_because_rows_and_your_mixes(
    qtbot, desktop, wait_jobs, rng: np.random.Generator
) -> None:
    library = make_library(240, n_blobs=4, album_size=10, rng=rng)
    ctx = desktop.ctx
    fill_store(ctx.store, library)
    blob = dict(zip(library.ids, library.blobs.tolist(), strict=True))
    loved = [t for t in library.ids if blob[t] == 0][:5] + [t for t in library.ids if blob[t] == 2][
        :5
    ]
    now = time.time()
    for i, tid in enumerate(loved):
        for days in (5, 9):
            ctx.recorder.record(
                PlayEvent(
                    tid,
                    "complete",
                    ctx.config.device_id,
                    position=180.0,
                    duration=180.0,
                    timestamp=now - days * 86400 - i,
                )
            )
    window = desktop.window
    window.reload_home()
    wait_jobs(desktop)
    home = window.home
    offered = home.for_you.tracks()
    assert len(offered) == 12
    assert {blob[t.track_id] for t in offered} == {0, 2}
    assert not home.for_you.isHidden()
    titles = [t.text() for t in home.because_titles if not t.isHidden()]
    assert titles and all(t.startswith("Because you played Song ") for t in titles)
    assert home.your_mixes.count() == 2

    # Playing one of them: the player's event reaches the listener at once.
    first = offered[0]
    desktop.window.services.note_event(
        PlayEvent(first.track_id, "play", ctx.config.device_id, position=0.0, duration=180.0)
    )
    window.reload_home()
    wait_jobs(desktop)
    assert first.track_id not in {t.track_id for t in home.for_you.tracks()}


def test_home_has_no_for_you_without_history(qtbot, desktop, wait_jobs, rng) -> None:
    fill_store(desktop.ctx.store, make_library(40, n_blobs=2, rng=rng))
    desktop.window.reload_home()
    wait_jobs(desktop)
    home = desktop.window.home
    assert home.for_you.count() == 0
    assert home.for_you.isHidden() and home.your_mixes.isHidden()
    assert all(t.isHidden() for t in home.because_titles)


def test_home_asks_for_an_import_only_when_nothing_is_analysed(
    qtbot, desktop, wait_jobs, rng
) -> None:
    home = desktop.window.home
    desktop.window.reload_home()
    wait_jobs(desktop)
    assert "import and analyse a music folder" in home.mixes_note.text()
    # Analysed, no training run saved yet (it runs in the background after an import): the
    # note said "import and analyse a music folder" to one who just had.
    fill_store(desktop.ctx.store, make_library(40, n_blobs=2, rng=rng))
    desktop.window.reload_home()
    wait_jobs(desktop)
    assert not home.mixes_note.isHidden()
    assert "import and analyse a music folder" not in home.mixes_note.text()
    assert "appear here when it is done" in home.mixes_note.text()


def test_your_mix_saves_as_a_playlist_twice_without_clash(
    qtbot, desktop, wait_jobs, rng: np.random.Generator
) -> None:
    library = make_library(60, n_blobs=2, rng=rng)
    fill_store(desktop.ctx.store, library)
    tracks = library.tracks[:5]
    window = desktop.window
    for _ in range(2):
        window.home.saveAsPlaylist.emit("Your mix 1: Artist 0", tracks)
        wait_jobs(desktop)
    names = sorted(p.name for p in desktop.ctx.store.playlists())
    assert names == ["Your mix 1: Artist 0", "Your mix 1: Artist 0 (2)"]
    saved = desktop.ctx.store.get_playlist("Your mix 1: Artist 0 (2)")
    assert list(saved.track_ids) == [t.track_id for t in tracks]
    assert "Saved as playlist: Your mix 1: Artist 0 (2)" in window.statusBar().currentMessage()


def test_not_interested_leaves_for_you(qtbot, desktop, wait_jobs, rng) -> None:
    ctx = _six_songs_played_days_ago(desktop, rng)
    window = desktop.window
    window.reload_home()
    wait_jobs(desktop)
    first = window.home.for_you.tracks()[0]
    window.home.notInterested.emit(first)
    wait_jobs(desktop)
    assert first.track_id not in {t.track_id for t in window.home.for_you.tracks()}
    kinds = [e.type for e in ctx.event_log.iter_events() if e.track_id == first.track_id]
    assert kinds[-1] == "dislike"


def test_home_claims_nothing_before_its_data_arrives(desktop) -> None:
    from desktop.services import HomeData

    home = desktop.window.home  # built with nothing loaded yet, as at start-up
    assert home.history_note.isHidden()  # not "No listening history yet" to one who has some
    assert home.for_you_title.isHidden() and home.for_you.isHidden()
    assert all(title.isHidden() for title in home.column_titles)
    assert home.mixes_note.isHidden()
    home.show_data(HomeData(has_history=False))
    assert not home.history_note.isHidden() and not home.mixes_note.isHidden()
    assert all(title.isHidden() for title in home.column_titles)  # no headings over nothing
    home.show_data(HomeData(has_history=True))
    assert home.history_note.isHidden()
    assert not any(title.isHidden() for title in home.column_titles)


def test_home_on_screen_follows_a_song_played_without_being_reopened(
    qtbot, desktop, wait_jobs, rng: np.random.Generator
) -> None:
    ctx = _six_songs_played_days_ago(desktop, rng)
    window = desktop.window
    window.sidebar.select("Home")  # the page shown
    window.reload_home()
    wait_jobs(desktop)
    first = window.home.for_you.tracks()[0]
    # What the player's record hook does when a song starts: recorded, then told to For you.
    event = PlayEvent(first.track_id, "play", ctx.config.device_id, duration=180.0)
    ctx.recorder.record(event)
    window.services.note_event(ctx.recorder.stamped(event))
    qtbot.waitUntil(
        lambda: first.track_id not in {t.track_id for t in window.home.for_you.tracks()},
        timeout=30_000,
    )


def _six_songs_played_days_ago(desktop, rng: np.random.Generator) -> Context:
    """A 120-song library whose first six songs were played to the end five days ago: For you
    has a taste and nothing it would leave out as played just now."""
    library = make_library(120, n_blobs=2, album_size=10, rng=rng)
    ctx = desktop.ctx
    fill_store(ctx.store, library)
    now = time.time()
    for i, tid in enumerate(library.ids[:6]):
        ctx.recorder.record(
            PlayEvent(
                tid,
                "complete",
                ctx.config.device_id,
                position=180.0,
                duration=180.0,
                timestamp=now - 5 * 86400 - i,
            )
        )
    return ctx


def test_clearing_history_from_the_window_drops_the_model_in_memory(
    qtbot, desktop, wait_jobs, rng
) -> None:
    """The model holds the events it was built from: clearing (here, part of them) must drop
    it too, or Home keeps showing the cleared history until a restart."""
    ctx = _six_songs_played_days_ago(desktop, rng)
    ids = [t.track_id for t in ctx.store.iter_tracks()]
    kept = next(t for t in ids if t not in _played(ctx))
    cleared = {ctx.store.get_track(t).title for t in _played(ctx)}
    ctx.recorder.record(
        PlayEvent(kept, "complete", ctx.config.device_id, position=180.0, duration=180.0)
    )
    window = desktop.window
    window.reload_home()
    wait_jobs(desktop)

    def seeds() -> set[str]:
        titles = [t.text() for t in window.home.because_titles if not t.isHidden()]
        return {t.removeprefix("Because you played ") for t in titles}

    assert seeds() & cleared
    gone = window.services.clear_history(before=time.time() - 2 * 86400)
    assert (gone.local, gone.server) == (6, None)
    window.reload_home()
    wait_jobs(desktop)
    assert seeds() == {ctx.store.get_track(kept).title}


def _played(ctx: Context) -> set[str]:
    return {e.track_id for e in ctx.event_log.iter_events() if e.type == "complete"}


def test_settings_clear_history_asks_then_clears_and_home_starts_over(
    qtbot, desktop, wait_jobs, rng
) -> None:
    from PySide6.QtWidgets import QMessageBox

    ctx = _six_songs_played_days_ago(desktop, rng)
    window = desktop.window
    window.reload_home()
    wait_jobs(desktop)
    assert window.home.for_you.tracks()
    section = window.history_section
    box = section.ask()
    box.button(QMessageBox.StandardButton.Cancel).click()  # cancelled: nothing goes
    wait_jobs(desktop)
    assert len(list(ctx.event_log.iter_events())) == 6
    box = section.ask()
    clear = next(b for b in box.buttons() if b.text() == "Clear history")
    with qtbot.waitSignal(section.cleared):
        clear.click()
    wait_jobs(desktop)
    assert list(ctx.event_log.iter_events()) == []
    assert section.status.text() == "Forgotten: 6 entries of your history"
    assert window.home.for_you.tracks() == []


def test_settings_clears_only_the_history_before_a_chosen_day(
    qtbot, desktop, wait_jobs, rng
) -> None:
    from PySide6.QtCore import QDate

    ctx = _six_songs_played_days_ago(desktop, rng)
    kept = next(t.track_id for t in ctx.store.iter_tracks() if t.track_id not in _played(ctx))
    ctx.recorder.record(
        PlayEvent(kept, "complete", ctx.config.device_id, position=180.0, duration=180.0)
    )
    section = desktop.window.history_section
    assert not section.before_date.isEnabled()  # the whole history unless asked
    section.only_before.setChecked(True)
    assert section.before_date.isEnabled()
    day = QDate.currentDate().addDays(-2)
    section.before_date.setDate(day)
    box = section.ask()
    assert day.toString("yyyy-MM-dd") in box.text()
    clear = next(b for b in box.buttons() if b.text() == "Clear history")
    with qtbot.waitSignal(section.cleared, timeout=30_000):
        clear.click()
    wait_jobs(desktop)
    assert [e.track_id for e in ctx.event_log.iter_events()] == [kept]
    assert section.status.text() == "Forgotten: 6 entries of your history"
