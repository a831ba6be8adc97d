"""Where plain-Python callbacks from other threads become Qt signals on the GUI thread.

The engine and the player are Qt-free and call their observers from whatever thread they run
on. Everything that crosses into the GUI passes through :class:`GuiCaller` (one queued signal),
so no other module needs to think about thread affinity.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal

if TYPE_CHECKING:
    from engine.playback.player import Player


class GuiCaller(QObject):
    """Run callables on the thread this object lives in (the GUI thread).

    ``call(fn, *args)`` is safe from any thread: the signal is queued, so ``fn`` runs later on
    the GUI thread's event loop, never on the caller's thread.
    """

    _invoke = Signal(object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._invoke.connect(self._run, Qt.ConnectionType.QueuedConnection)

    def call(self, fn: Callable[..., Any], *args: Any) -> None:
        self._invoke.emit(fn, args)

    @staticmethod
    def _run(fn: Callable[..., Any], args: tuple) -> None:
        fn(*args)


class PlayerBridge(QObject):
    """The player's observer events as typed Qt signals, delivered on the GUI thread."""

    stateChanged = Signal(str)  # "stopped" | "playing" | "paused" | "ended"
    trackChanged = Signal(object)  # Track | None
    errorRaised = Signal(str)  # one-line message for the status bar
    queueEnded = Signal()
    seeked = Signal(float)  # seconds: the position jumped (a seek from anywhere)

    def __init__(self, player: Player, caller: GuiCaller, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._player = player
        self._caller = caller
        player.add_listener(self._on_player_event)

    def _on_player_event(self, name: str, payload: dict) -> None:
        # Called on the player's threads: copy the payload and hop to the GUI thread.
        self._caller.call(self._dispatch, name, dict(payload or {}))

    def _dispatch(self, name: str, payload: dict) -> None:
        if name == "state":
            self.stateChanged.emit(str(payload.get("state", self._player.state)))
        elif name == "track":
            self.trackChanged.emit(payload.get("track", self._player.current))
        elif name == "error":
            self.errorRaised.emit(str(payload.get("message", payload.get("error", "error"))))
        elif name == "ended":
            self.queueEnded.emit()
        elif name == "seeked":
            self.seeked.emit(float(payload.get("position", 0.0)))
