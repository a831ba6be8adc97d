"""M3U files as they come from elsewhere: a playlist written on Windows (cp1252) names
"Café Noël" in bytes that are not UTF-8 while the file's name here is UTF-8 — it was skipped as
"Caf� No�l: not in the library"; a 0-byte file was reported as "none of the songs of the playlist
file is in the library" when it names none — now one line naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.models import Track
from tests.gui.conftest import write_tone
from tests.gui.playlist_steps import entries, fill_library

pytestmark = pytest.mark.gui


@pytest.fixture
def library(qtbot, desktop, wait_jobs, tmp_path: Path) -> list[Track]:
    tracks = fill_library(desktop, wait_jobs, tmp_path / "music")
    accented = Track(
        "noel",
        str(write_tone(tmp_path / "music" / "Café Noël.wav", 20.0, sr=8000)),
        "Café Noël",
        "Artist",
        "Album",
        duration=20.0,
    )
    desktop.ctx.store.upsert_tracks([accented])
    desktop.window.reload_library()
    return [*tracks, accented]


def test_a_windows_playlist_finds_its_accented_file(
    qtbot, desktop, wait_jobs, library, tmp_path: Path
) -> None:
    window, actions = desktop.window, desktop.window.playlists.actions
    m3u = tmp_path / "winamp.m3u"
    folder = str(tmp_path / "music").encode()
    m3u.write_bytes(
        b"#EXTM3U\r\n#EXTINF:20,Artist - Caf\xe9 No\xebl\r\n"
        + folder
        + b"/Caf\xe9 No\xebl.wav\r\n"
        + library[1].path.encode()
        + b"\r\n"
        + folder
        + b"/Ni\xf1o \x80.wav\r\n"  # cp1252's euro sign: not in the library either way
    )
    actions.import_file(str(m3u))
    wait_jobs(desktop)
    assert entries(desktop, "winamp") == ["noel", "t1"]
    assert "Imported winamp: 2 songs, 1 skipped" in window.statusBar().currentMessage()
    report = actions.report
    assert report is not None
    assert report.detailedText().startswith(f"{m3u}:5: ")
    assert report.text().startswith("1 entry of the playlist file could not be used and was ")
    report.close()


def test_an_empty_file_says_so_in_one_line(qtbot, desktop, wait_jobs, library, tmp_path) -> None:
    window, actions = desktop.window, desktop.window.playlists.actions
    for name, data in (("empty.m3u", b""), ("comments.m3u8", b"#EXTM3U\n\n# nothing\n")):
        file = tmp_path / name
        file.write_bytes(data)
        actions.import_file(str(file))
        wait_jobs(desktop)
        line = window.statusBar().currentMessage()
        assert f"{file}: lists no songs" in line and "\n" not in line
        assert actions.report is None  # no "none of its songs is in the library" dialog
    assert actions.names() == []
