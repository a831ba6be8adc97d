"""An exported playlist is readable as any new file is (the umask decides): it was written
0600 (a private temporary file renamed into place), so a media server or another account could
not read it; a playlist file written over keeps its mode."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.models import Track
from tests.gui.playlist_steps import fill_library

pytestmark = pytest.mark.gui


@pytest.fixture
def library(qtbot, desktop, wait_jobs, tmp_path: Path) -> list[Track]:
    return fill_library(desktop, wait_jobs, tmp_path / "music")


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_an_export_is_readable_and_an_overwrite_keeps_the_mode(
    qtbot, desktop, wait_jobs, library, tmp_path: Path, umask_022
) -> None:
    window, actions = desktop.window, desktop.window.playlists.actions
    desktop.ctx.store.create_playlist("Mix", [t.track_id for t in library[:3]])
    out = tmp_path / "export" / "Mix.m3u8"
    out.parent.mkdir()
    actions.export_file("Mix", str(out))
    wait_jobs(desktop)
    assert "Exported Mix to Mix.m3u8: 3 songs" in window.statusBar().currentMessage()
    assert _mode(out) == 0o644
    out.chmod(0o640)
    actions.export_file("Mix", str(out))
    wait_jobs(desktop)
    assert _mode(out) == 0o640
    assert out.read_text(encoding="utf-8").count("#EXTINF") == 3
    assert [p.name for p in out.parent.iterdir()] == ["Mix.m3u8"]  # no temporary file left
