"""What the Playlists GUI tests do more than once: fill a small library of real tone files,
answer the name dialog, pick a menu entry by its path, read a playlist's entries."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QMenu

from engine.models import Track
from tests.gui.conftest import write_tone


def fill_library(desktop, wait_jobs: Callable, folder: Path, count: int = 5) -> list[Track]:
    """``count`` 20-second tones as songs "Song & i" (the ampersand checks plain text)."""
    folder.mkdir()
    tracks = [
        Track(
            f"t{i}",
            str(write_tone(folder / f"t{i}.wav", 20.0, sr=8000)),
            f"Song & {i}",
            f"Artist {i}",
            "Album",
            duration=20.0,
        )
        for i in range(count)
    ]
    desktop.ctx.store.upsert_tracks(tracks)
    desktop.window.reload_library()
    wait_jobs(desktop)
    return tracks


def answer_dialog(respond: Callable[[object], None]) -> None:
    """Answer the next modal dialog (QInputDialog, QMessageBox) once it is shown."""

    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, attempt)
            return
        respond(dialog)

    QTimer.singleShot(0, attempt)


def type_name(text: str) -> None:
    def respond(dialog: QInputDialog) -> None:
        dialog.setTextValue(text)
        dialog.accept()

    answer_dialog(respond)


def menu_action(menu: QMenu, *path: str):
    for action in menu.actions():
        if action.text() == path[0]:
            if len(path) == 1:
                return action
            return menu_action(action.menu(), *path[1:])
    raise AssertionError(f"no {path[0]!r} in {[a.text() for a in menu.actions()]}")


def entries(desktop, name: str) -> list[str]:
    return list(desktop.ctx.store.get_playlist(name).track_ids)
