"""Home with history but nothing For you may pick (a small library played through today):
the row kept silent and vanished, as if For you had been taken away; now its heading stays
with a line saying why it is empty and what fills it."""

from __future__ import annotations

import time

import numpy as np
import pytest

from bench.synthetic_library import fill_store, make_library
from engine.events.wire import PlayEvent

pytestmark = pytest.mark.gui


def _complete(desktop, track_id: str, ago: float) -> None:
    desktop.ctx.recorder.record(
        PlayEvent(
            track_id,
            "complete",
            desktop.ctx.config.device_id,
            position=180.0,
            duration=180.0,
            timestamp=time.time() - ago,
        )
    )


def test_for_you_says_why_it_is_empty_when_every_song_was_just_played(
    desktop, wait_jobs, rng: np.random.Generator
) -> None:
    library = make_library(8, n_blobs=2, album_size=4, rng=rng)
    fill_store(desktop.ctx.store, library)
    for i, track_id in enumerate(library.ids):
        _complete(desktop, track_id, ago=3600 + i)  # all of it, within the last three days
    window = desktop.window
    window.reload_home()
    wait_jobs(desktop)
    home = window.home
    assert home.for_you.tracks() == [] and home.for_you.isHidden()
    assert not home.for_you_title.isHidden()
    assert not home.for_you_note.isHidden()
    assert "last 3 days" in home.for_you_note.text()


def test_the_note_goes_once_for_you_has_songs(desktop, wait_jobs, rng: np.random.Generator) -> None:
    library = make_library(40, n_blobs=2, album_size=10, rng=rng)
    fill_store(desktop.ctx.store, library)
    for i, track_id in enumerate(library.ids[:6]):
        _complete(desktop, track_id, ago=6 * 86400 + i)  # loved, but not lately
    window = desktop.window
    window.reload_home()
    wait_jobs(desktop)
    home = window.home
    assert home.for_you.tracks() and not home.for_you.isHidden()
    assert home.for_you_note.isHidden()
