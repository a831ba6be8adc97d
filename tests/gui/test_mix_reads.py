"""Mixes: one mix opened right after another shows its own songs, whichever read of a mix's
songs comes back last."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gui.conftest import WAIT_MS, corners_library

pytestmark = pytest.mark.gui


def test_the_mix_opened_last_is_the_one_shown(
    qtbot, desktop, wait_jobs, hold_first, tmp_path: Path
) -> None:
    corners_library(desktop.ctx.store, tmp_path / "music", per_group=3)
    window = desktop.window
    window.load_all()
    wait_jobs(desktop)
    window.sidebar.select("Mixes")
    mixes = window.mixes
    assert [m.name.value("genre") for m in mixes.summaries] == ["Mix j", "Mix r"]
    assert mixes.mix_title.text().startswith("Mix j")
    reached, release = hold_first(window.services, "cluster_tracks")
    mixes.mix_list.setCurrentRow(1)  # Mix r: read, then late
    assert reached.wait(timeout=60)
    with qtbot.waitSignal(
        desktop.workers.jobFinished,
        timeout=WAIT_MS,
        check_params_cb=lambda job: job.name == "mix" and not job.cancelled,
    ):
        mixes.mix_list.setCurrentRow(0)  # back to Mix j before Mix r's songs came
    release.set()
    wait_jobs(desktop)
    assert mixes.mix_title.text().startswith("Mix j")
    assert {t.track_id[0] for t in mixes.tracks.tracks()} == {"j"}
