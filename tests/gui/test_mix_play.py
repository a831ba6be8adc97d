"""A mix plays from its page's Play and Shuffle buttons, as an album or a playlist does: it
played only from a double-clicked song. With no mix listed both are off."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gui.conftest import WAIT_MS, corners_library

pytestmark = pytest.mark.gui


def _mixes(desktop, wait_jobs):
    window = desktop.window
    window.load_all()
    wait_jobs(desktop)
    window.sidebar.select("Mixes")
    return window.mixes


def test_play_plays_the_mix_shown_from_its_first_song(
    qtbot, desktop, wait_jobs, tmp_path: Path
) -> None:
    corners_library(desktop.ctx.store, tmp_path / "music", per_group=3)
    mixes = _mixes(desktop, wait_jobs)
    listed = [t.track_id for t in mixes.tracks.tracks()]
    assert len(listed) == 3 and mixes.play_button.isEnabled()
    mixes.play_button.click()
    player = desktop.player
    qtbot.waitUntil(lambda: player.current is not None, timeout=WAIT_MS)
    assert player.current.track_id == listed[0]
    assert [t.track_id for t in player.queue.tracks] == listed


def test_shuffle_plays_the_mix_shuffled(qtbot, desktop, wait_jobs, tmp_path: Path) -> None:
    corners_library(desktop.ctx.store, tmp_path / "music", per_group=3)
    mixes = _mixes(desktop, wait_jobs)
    listed = {t.track_id for t in mixes.tracks.tracks()}
    mixes.shuffle_button.click()
    player = desktop.player
    qtbot.waitUntil(lambda: player.current is not None, timeout=WAIT_MS)
    assert player.current.track_id in listed and player.queue.shuffle
    assert {t.track_id for t in player.queue.tracks} == listed


def test_with_no_mix_play_and_shuffle_are_off(qtbot, desktop, wait_jobs) -> None:
    mixes = _mixes(desktop, wait_jobs)
    assert not mixes.summaries
    assert not mixes.play_button.isEnabled() and not mixes.shuffle_button.isEnabled()
