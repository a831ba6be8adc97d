"""Which songs the listener likes, kept for the GUI: the heart on the now-playing bar, Like or
Unlike in the lists' menus, and the Liked songs list all read it here.

Read in a worker at start and whenever the window becomes active again
(:func:`engine.library_ops.likes.liked_ids`); a like or unlike shows at
once and is recorded in a worker (:func:`engine.library_ops.likes.record_like`: the outbox, and
Kafka in server mode), then told to For you (``Services.note_event``)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal

from desktop.i18n import translate
from desktop.services import Services
from desktop.workers import LatestRead, Workers
from engine.library_ops.likes import liked_ids, record_like
from engine.models import Track


class Likes(QObject):
    changed = Signal()  # the liked set changed (loaded, liked, unliked)
    recorded = Signal()  # a like or unlike is in the event log: Liked songs can be read again
    failed = Signal(str)  # a like could not be recorded: the message to show

    def __init__(self, services: Services, workers: Workers, parent: QObject | None = None):
        super().__init__(parent)
        self._services = services
        self._workers = workers
        self._liked: set[str] = set()
        # Likes made while the log is being read, or still being written when it started: the
        # read may not hold them yet.
        self._since_load: dict[str, bool] = {}
        self._writing: dict[str, bool] = {}  # likes on their way into the log
        self._reading = LatestRead(workers, "liked")
        self.loaded = False

    def load(self) -> None:
        self._since_load = dict(self._writing)
        self._reading.submit(lambda job: liked_ids(self._services.ctx), self._loaded)

    def _loaded(self, ids: list[str]) -> None:
        liked = set(ids)
        for track_id, now in self._since_load.items():
            (liked.add if now else liked.discard)(track_id)
        self._liked = liked
        self.loaded = True
        self.changed.emit()

    def reread_when_active(self, state: Qt.ApplicationState) -> None:
        """Read the likes again when the listener comes back to the window, so one made in
        another process (``encore like`` in a terminal) shows then."""
        if state == Qt.ApplicationState.ApplicationActive and self.loaded:
            self.load()

    def is_liked(self, track_id: str) -> bool:
        return track_id in self._liked

    def set_liked(self, tracks: list[Track], liked: bool) -> None:
        """Like (or unlike) ``tracks``: shown now, recorded in a worker."""
        tracks = [t for t in tracks if (t.track_id in self._liked) != liked]
        if not tracks:
            return
        ids = {t.track_id for t in tracks}
        self._since_load.update(dict.fromkeys(ids, liked))
        self._writing.update(dict.fromkeys(ids, liked))
        self._liked = self._liked | ids if liked else self._liked - ids
        self.changed.emit()
        services = self._services

        def work(job) -> None:
            for track in tracks:
                services.note_event(record_like(services.ctx, track, liked=liked))

        def settle(held: dict[str, bool]) -> None:
            for track_id in ids:
                if held.get(track_id) == liked:  # not a newer click on the same song
                    del held[track_id]

        def done(_result: None) -> None:
            settle(self._writing)
            self.recorded.emit()

        def failed(exc: BaseException) -> None:
            settle(self._writing)
            settle(self._since_load)
            self._liked = self._liked - ids if liked else self._liked | ids
            self.changed.emit()
            shown = (
                translate("Likes", "Not liked: {exc}")
                if liked
                else translate("Likes", "Not unliked: {exc}")
            )
            self.failed.emit(shown.format(exc=exc))

        self._workers.submit(work, name="like", done=done, failed=failed)

    def toggle(self, track: Track) -> None:
        self.set_liked([track], not self.is_liked(track.track_id))
