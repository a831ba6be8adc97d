"""With an empty library the "Similar to" pane took a third of the window for "Select a song":
it is hidden until the library has songs, and then comes back at the user's own width (the main
splitter's state, saved while it was hidden, keeps it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gui.conftest import settle
from tests.gui.playlist_steps import fill_library

pytestmark = pytest.mark.gui


def test_the_pane_waits_for_songs_and_keeps_the_users_width(
    build, wait_jobs, encore_home: Path, tmp_path: Path
) -> None:
    first = build((1280, 800))
    window = first.window
    window.split.setSizes([900, 196])  # the user drags the handle
    settle()
    moved = window.split.sizes()
    window.state_saver.save_now()
    window.close()

    second = build((1280, 800))
    window = second.window
    window.reload_library()
    wait_jobs(second)
    assert window.library_loaded and window.library_model.rowCount() == 0
    assert not window.recommendations.isVisible()
    assert window.split.sizes()[1] == 0  # the pages take the whole width
    window.state_saver.save_now()  # saved while hidden
    window.close()

    third = build((1280, 800))
    window = third.window
    fill_library(third, wait_jobs, tmp_path / "music", count=2)
    settle()
    assert window.recommendations.isVisible()
    assert window.split.sizes() == moved
