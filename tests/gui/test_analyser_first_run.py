"""The analyser's first run (compiling librosa's numba code, 20 s to minutes) says how long it
has waited, how long it usually takes and why, while it lasts — before, the panel showed only
its label over a busy bar for minutes, with nothing to tell a stall from work."""

from __future__ import annotations

import pytest

from tests.gui.conftest import WAIT_MS

pytestmark = pytest.mark.gui


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_preparing_shows_the_time_so_far_the_usual_time_and_why(qtbot, desktop) -> None:
    window = desktop.window
    window.sidebar.select("Library")
    panel = window.library.import_panel
    clock = FakeClock()
    panel.now = clock
    panel.start()
    panel.progress("scan", 77, 77)
    panel.progress("prepare", 0, 0)

    assert panel.stage.text().startswith("Preparing the audio analyser")
    assert panel.counts.text() == "0:00 · usually 1–3 min"
    assert panel.note.isVisible() and "once" in panel.note.text()
    clock.now += 75.0
    # Nothing else reports while it compiles: the panel's own tick moves the time on.
    qtbot.waitUntil(lambda: panel.counts.text() == "1:15 · usually 1–3 min", timeout=WAIT_MS)

    panel.progress("analysis", 0, 77)
    assert panel.counts.text() == "0 of 77"
    assert not panel.note.isVisible()
    assert not panel.prepare_tick.isActive()  # nothing writes the old stage's time over it
