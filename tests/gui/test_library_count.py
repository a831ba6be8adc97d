"""The Library page says how many songs there are and how long they play, and while a search
narrows the table how many of them it found — a timed status-bar note said it for a few
seconds after each load, then the page gave no count at all."""

from __future__ import annotations

import pytest

from engine.models import Track

pytestmark = pytest.mark.gui


def test_the_library_counts_its_songs_and_what_a_search_found(desktop, wait_jobs) -> None:
    songs = [
        Track("a", "/m/a.ogg", "Morning", "Ann", duration=200.0),
        Track("b", "/m/b.ogg", "Evening", "Bob", duration=250.0),
        Track("c", "/m/c.ogg", "Night", "Bob", duration=3500.0),
    ]
    desktop.ctx.store.upsert_tracks(songs)
    window = desktop.window
    page = window.library
    assert page.count.isHidden()  # nothing loaded, nothing counted
    window.load_all()
    wait_jobs(desktop)
    assert not page.count.isHidden()
    assert page.count.text() == "3 songs · 1:05:50"

    page.search.setText("bob")
    assert page.count.text() == "2 of 3 songs · 1:02:30"
    page.search.setText("morning")
    assert page.count.text() == "1 of 3 songs · 3:20"
    page.search.clear()
    assert page.count.text() == "3 songs · 1:05:50"


def test_the_count_follows_songs_added_and_changed(desktop, wait_jobs) -> None:
    desktop.ctx.store.upsert_tracks([Track("a", "/m/a.ogg", "Morning", "Ann", duration=200.0)])
    window = desktop.window
    window.load_all()
    wait_jobs(desktop)
    model, page = window.library_model, window.library
    model.upsert_tracks(
        [
            Track("a", "/m/a.ogg", "Morning", "Ann", duration=100.0),  # re-read: shorter
            Track("b", "/m/b.ogg", "Evening", "Bob", duration=60.0),
            Track("b", "/m/b.ogg", "Evening", "Bob", duration=90.0),  # twice in one batch
        ]
    )
    assert page.count.text() == "2 songs · 3:10"
    model.append_tracks([Track("c", "/m/c.ogg", "Night", "Cy", duration=45.0)])
    assert page.count.text() == "3 songs · 3:55"
