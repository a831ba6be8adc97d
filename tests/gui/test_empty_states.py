"""Empty states: an empty library's Home shows one empty state (the import card), not three
overlapping "empty" messages; a library with songs still gets its own notes; while an import's
songs wait for their mixes the Mixes page says so as Home does, and the sound map's colour
legend shows only when there are mixes to colour."""

from __future__ import annotations

import numpy as np
import pytest

from bench.synthetic_library import fill_store, make_library
from engine.models import Track
from engine.recommend.popular import Mix
from tests.gui.conftest import TEST_MIX

pytestmark = pytest.mark.gui


def test_an_empty_library_home_shows_only_the_import_card(desktop, wait_jobs) -> None:
    window = desktop.window
    window.load_all()
    wait_jobs(desktop)
    home = window.home
    assert not home.empty.isHidden() and not home.empty.import_button.isHidden()
    # Before, "No listening history yet…" and "No mixes yet…" showed under "Your library is
    # empty", with an empty "Mixes by sound" list.
    assert home.history_note.isHidden()
    assert home.mixes_note.isHidden()
    assert home.mixes_title.isHidden() and home.mixes.isHidden()


def test_home_with_songs_keeps_its_own_notes(desktop, wait_jobs, rng: np.random.Generator) -> None:
    fill_store(desktop.ctx.store, make_library(40, n_blobs=2, rng=rng))
    window = desktop.window
    window.load_all()
    wait_jobs(desktop)
    home = window.home
    assert home.empty.isHidden()
    assert not home.history_note.isHidden()  # songs, but nothing played yet
    assert not home.mixes_note.isHidden() and not home.mixes_title.isHidden()


def test_mixes_page_during_an_import_says_the_mixes_are_on_their_way(
    desktop, wait_jobs, rng: np.random.Generator
) -> None:
    window = desktop.window
    window.load_all()
    wait_jobs(desktop)
    mixes = window.mixes
    assert "import and analyse a music folder" in mixes.note.text()
    # An import's analysis has saved songs; its training has not saved a run yet.
    fill_store(desktop.ctx.store, make_library(40, n_blobs=2, rng=rng))
    window.sidebar.select("Mixes")
    wait_jobs(desktop)
    assert not mixes.note.isHidden()
    assert "import and analyse a music folder" not in mixes.note.text()
    assert "appear here when it is done" in mixes.note.text()
    window.sidebar.select("Home")
    wait_jobs(desktop)
    assert window.home.mixes_note.text() == mixes.note.text()  # one wording for both pages


def test_the_sound_map_legend_shows_only_with_mixes(desktop, wait_jobs) -> None:
    window = desktop.window
    window.load_all()
    wait_jobs(desktop)
    window.sidebar.select("Mixes")
    mixes = window.mixes
    assert mixes.legend.isHidden()  # "in the colour of its mix in the list above": no list
    song = Track("a", "/music/a.ogg", "a", "Artist", "Album")
    mixes.open_mix = None  # the list alone: no run holds this mix's song
    mixes.show_mixes([(Mix(0, TEST_MIX, 1, (song,)), [song])])
    assert not mixes.legend.isHidden() and mixes.note.isHidden()
