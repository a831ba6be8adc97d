"""Empty states: an empty library's Home shows one empty state (the import card), not three
overlapping "empty" messages; a library with songs still gets its own notes."""

from __future__ import annotations

import numpy as np
import pytest

from bench.synthetic_library import fill_store, make_library

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
