"""With no sound device the status bar says, in the user's words, that songs play silently,
keeps the reason for the tooltip, and a click on it opens Settings at the output device.

Under Xvfb it read "No sound: no audio output: cannot find a default output device (Error
querying device -1)" — "no sound" twice, PortAudio's words, nothing to click."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

pytestmark = pytest.mark.gui

REASON = "no audio output: cannot find a default output device (Error querying device -1)"


def test_the_notice_says_what_happens_and_leads_to_the_setting(qtbot, desktop) -> None:
    window = desktop.window
    window.sidebar.select("Home")
    notice = window.output_notice
    window.show_output_problem(REASON)
    assert notice.isVisible()
    text = notice.text()
    assert text.startswith("No sound device: playing silently")
    assert text.lower().count("no ") == 1  # not "No sound: no audio output"
    assert "Error querying device" not in text
    assert REASON in notice.toolTip()
    assert notice.accessibleDescription() == REASON

    qtbot.mouseClick(notice, Qt.MouseButton.LeftButton)
    assert window.sidebar.current_page() == "Settings"
    assert window.settings.device.hasFocus()

    window.show_output_problem(None)  # a working device chosen: the notice goes
    assert not notice.isVisible()
