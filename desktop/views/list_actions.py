"""What a list's context menu can do beyond queueing: save it as a playlist, say "not
interested" in a suggestion. Each runs in a worker; the status bar says how it went."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QStatusBar

from desktop.i18n import translate
from desktop.services import Services
from desktop.status_times import NOTE_MS, READ_MS
from desktop.workers import Workers
from engine.models import Track


class ListActions:
    def __init__(
        self,
        services: Services,
        workers: Workers,
        status: QStatusBar,
        reload_home: Callable[[], None],
    ) -> None:
        self.services = services
        self.workers = workers
        self.status = status
        self.reload_home = reload_home
        self.saved: Callable[[str], None] = lambda name: None  # the playlists are read again

    def save_playlist(self, name: str, tracks: list[Track]) -> None:
        """A new playlist of ``tracks`` named ``name`` (or ``name (2)`` …: never overwrites)."""

        def done(saved: str) -> None:
            self.status.showMessage(
                translate("ListActions", "Saved as playlist: {saved}").format(saved=saved), NOTE_MS
            )
            self.saved(saved)

        self.workers.submit(
            lambda job: self.services.save_as_playlist(name, tracks),
            name="save-playlist",
            done=done,
            failed=lambda exc: self.status.showMessage(
                translate("ListActions", "Not saved: {exc}").format(exc=exc), READ_MS
            ),
        )

    def not_interested(self, track: Track) -> None:
        """Never suggest ``track`` in For you again (a strong "no" for its kind of sound)."""
        self.workers.submit(
            lambda job: self.services.not_interested(track),
            name="not-interested",
            done=lambda _: self.reload_home(),
            failed=lambda exc: self.status.showMessage(
                translate("ListActions", "Not recorded: {exc}").format(exc=exc), READ_MS
            ),
        )
