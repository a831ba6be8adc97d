"""The first moment of an import: the library is still empty and nothing is analysed, and the
empty states say an import is under way — before, Home, Mixes and the empty Library card still
asked the listener to "import and analyse a music folder" (a new user's tryout: it read as if
the click had done nothing). When the run ends they invite an import again."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gui.conftest import WAIT_MS, write_tone

pytestmark = pytest.mark.gui


def test_empty_states_say_an_import_runs_until_it_ends(
    qtbot, desktop, wait_jobs, tmp_path: Path
) -> None:
    window = desktop.window
    window.load_all()
    wait_jobs(desktop)
    home, mixes, library = window.home, window.mixes, window.library
    invite = mixes.note.text()
    assert "import and analyse a music folder" in invite
    assert not library.empty.import_button.isHidden()

    window.services.import_stages = ("scan",)  # tags only: nothing analysed, no training
    folder = tmp_path / "music"
    folder.mkdir()
    write_tone(folder / "tone.wav", 1.0, freq=440.0, sr=8000)
    window.start_import([str(folder)])
    # The job's results reach the GUI thread only through its event loop: nothing read yet.
    assert window._import_job is not None and window.library_model.rowCount() == 0
    for note in (mixes.note.text(), home.mixes_note.text()):
        assert "importing and analysing your music" in note
        assert "import and analyse a music folder" not in note
    for card in (home.empty, library.empty):
        assert card.title.text() == "Importing your music…"
        assert "as their tags are read" in card.hint.text()
        assert card.import_button.isHidden()  # the import the listener just started

    qtbot.waitUntil(lambda: window._import_job is None, timeout=WAIT_MS)
    wait_jobs(desktop)
    assert mixes.note.text() == invite  # nothing analysed: the invitation is true again
    assert home.mixes_note.text() == invite
    for card in (home.empty, library.empty):
        assert card.title.text() == "Your library is empty"
        assert not card.import_button.isHidden()


def test_a_cancelled_import_invites_an_import_again(qtbot, desktop, wait_jobs, tmp_path) -> None:
    window = desktop.window
    window.load_all()
    wait_jobs(desktop)
    folder = tmp_path / "music"
    folder.mkdir()
    write_tone(folder / "tone.wav", 1.0, freq=440.0, sr=8000)
    window.start_import([str(folder)])
    assert "importing" in window.mixes.note.text()
    window.cancel_import()
    assert "import and analyse a music folder" in window.mixes.note.text()
    assert window.home.empty.title.text() == "Your library is empty"
    wait_jobs(desktop)
