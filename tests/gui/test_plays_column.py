"""The Plays column counts by the engine's one rule and follows listening live (no restart)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.models.library_columns import COL_PLAYS
from engine.models import Track
from tests.gui.conftest import WAIT_MS, write_tone

pytestmark = pytest.mark.gui


def test_plays_update_live_and_a_quick_skip_is_no_play(
    qtbot, desktop, wait_jobs, tmp_path: Path
) -> None:
    window = desktop.window
    model = window.library_model
    skipped = Track(
        "t-skip", str(write_tone(tmp_path / "a.wav", 3.0, sr=22050)), "Skipped", "X", "Y", 3.0
    )
    heard = Track(
        "t-heard", str(write_tone(tmp_path / "b.wav", 1.0, 660.0, 22050)), "Heard", "X", "Y", 1.0
    )
    desktop.ctx.store.upsert_tracks([skipped, heard])
    window.load_all()
    wait_jobs(desktop)

    def plays(track_id: str) -> str:
        row = model.row_of(track_id)
        assert row is not None
        return model.data(model.index(row, COL_PLAYS), Qt.ItemDataRole.DisplayRole)

    assert plays("t-heard") == plays("t-skip") == ""
    player = desktop.player
    window.controller.play_tracks([skipped, heard])
    qtbot.waitUntil(lambda: player.current is not None, timeout=WAIT_MS)
    window.controller.next()  # well before min(30 s, half of 3 s): a skip
    qtbot.waitUntil(lambda: player.state == "ended", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: plays("t-heard") == "1", timeout=WAIT_MS)
    assert plays("t-skip") == ""
    # The same rule on a fresh read of the whole history (what a restart shows).
    assert desktop.window.services.play_counts() == {"t-heard": 1}
