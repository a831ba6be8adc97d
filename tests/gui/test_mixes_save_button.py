"""Mixes' "Save as playlist" is pressable only with a mix's songs listed: with no mixes it looked
pressable and saved nothing; disabled, its tooltip says what to do first."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gui.conftest import corners_library

pytestmark = pytest.mark.gui


def test_save_as_playlist_waits_for_a_mix(qtbot, desktop, wait_jobs, tmp_path: Path) -> None:
    window = desktop.window
    window.load_all()
    wait_jobs(desktop)
    window.sidebar.select("Mixes")
    button = window.mixes.save_button
    assert not window.mixes.summaries
    assert not button.isEnabled()
    assert "Select a mix" in button.toolTip()


def test_save_as_playlist_saves_the_mix_shown_and_goes_off_without_mixes(
    qtbot, desktop, wait_jobs, tmp_path: Path
) -> None:
    corners_library(desktop.ctx.store, tmp_path / "music", per_group=3)
    window = desktop.window
    window.load_all()
    wait_jobs(desktop)
    window.sidebar.select("Mixes")
    mixes = window.mixes
    button = mixes.save_button
    assert mixes.tracks.count() == 3 and button.isEnabled()
    assert "Select" not in button.toolTip()
    with qtbot.waitSignal(mixes.saveAsPlaylist) as saved:
        button.click()
    name, tracks = saved.args
    assert name.startswith("Mix j") and [t.track_id for t in tracks] == [
        t.track_id for t in mixes.tracks.tracks()
    ]
    wait_jobs(desktop)
    mixes.show_mixes([])  # a later run without mixes
    assert not button.isEnabled() and mixes.tracks.count() == 0
