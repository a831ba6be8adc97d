"""The now-playing bar's times: "0:00" and a blank remaining time while nothing is loaded (never
"-0:00", which says a song has ended), "-0:28" during a 30 s song, blank again after it."""

from __future__ import annotations

import pytest

from desktop.widgets.now_playing import remaining_text
from engine.models import Track

pytestmark = pytest.mark.gui


def test_nothing_loaded_shows_no_remaining_time(desktop) -> None:
    bar = desktop.window.now_playing
    assert (bar.elapsed.text(), bar.remaining.text()) == ("0:00", "")
    song = Track("t1", "/music/t1.flac", "Song", "Artist", duration=30.0)
    bar.show_cued(song, 2.0)
    assert (bar.elapsed.text(), bar.remaining.text()) == ("0:02", "-0:28")
    bar.show_track(None)
    assert (bar.elapsed.text(), bar.remaining.text()) == ("0:00", "")


def test_a_song_of_unknown_length_has_no_remaining_time() -> None:
    assert remaining_text(0.0, 12.0) == ""
    assert remaining_text(30.0, 31.0) == "-0:00"  # past the stated end: over, not negative
