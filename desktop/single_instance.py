"""One Encore per session: a second ``encore-desktop`` hands its request to the first and exits.

``encore-desktop [FILE...] [--play-pause | --next | --previous]`` (what the desktop entry and
its actions run). The first instance owns the D-Bus name ``APP_ID`` on the session bus and
serves :class:`LaunchAdaptor` at ``PATH``; a later launch finds the name taken, sends its files
or action there, waits for the answer and exits. Files play at once when nothing is playing,
otherwise they join the queue. Without a session bus every launch runs on its own.

The object is published before the name is claimed and requests are held until the window
exists, so a launch that arrives while the first one is still starting is served, not lost.
"""

from __future__ import annotations

import argparse
import os
import sys
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import ClassInfo, QObject, Slot
from PySide6.QtDBus import QDBus, QDBusAbstractAdaptor, QDBusConnection, QDBusMessage
from PySide6.QtWidgets import QWidget

from desktop.app_id import APP_ID
from desktop.i18n import translate
from desktop.status_times import READ_MS

if TYPE_CHECKING:  # types only: a hand-off exits before any window is built
    from desktop.views.main_window import MainWindow
    from desktop.workers import Workers
    from engine.context import Context

SERVICE = APP_ID
PATH = "/" + APP_ID.replace(".", "/")
IFACE = APP_ID
ACTIONS = ("play-pause", "next", "previous")
# Long enough for a first instance that is still building its window to answer.
HAND_OFF_TIMEOUT_MS = 60_000


@dataclass(frozen=True)
class LaunchRequest:
    """What one ``encore-desktop`` command line asks for."""

    uris: tuple[str, ...] = ()  # file:// URIs (bytes-exact, so any file name travels)
    action: str | None = None  # one of ACTIONS

    @property
    def method(self) -> tuple[str, list[object]]:
        if self.action is not None:
            return "Action", [self.action]
        if self.uris:
            return "Open", [list(self.uris)]
        return "Activate", []


def parse_launch(argv: Sequence[str]) -> LaunchRequest:
    """The request in ``argv`` (Qt's own options already removed); exits 2 on bad usage."""
    parser = argparse.ArgumentParser(
        prog="encore-desktop",
        description="Open Encore's window; with files, play them (or queue them when a song "
        "is playing); an action controls the running Encore.",
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="audio files or folders")
    group = parser.add_mutually_exclusive_group()
    for action in ACTIONS:
        group.add_argument(
            f"--{action}", dest="action", action="store_const", const=action, help=action
        )
    args = parser.parse_args(list(argv))
    if args.action and args.files:
        parser.error("give files or an action, not both")
    # Relative to the launching shell's directory, which the running instance does not share.
    uris = tuple(Path(os.path.abspath(name)).as_uri() for name in args.files)
    return LaunchRequest(uris, args.action)


def path_of(uri: str) -> str:
    """The local path a file:// URI names (the file system's bytes, surrogate-escaped)."""
    parts = urllib.parse.urlsplit(uri)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        raise ValueError(f"{uri}: not a local file")
    return os.fsdecode(urllib.parse.unquote_to_bytes(parts.path))


def bring_to_front(window: QWidget) -> None:
    window.showNormal()
    window.raise_()
    window.activateWindow()


@ClassInfo({"D-Bus Interface": IFACE})
class LaunchAdaptor(QDBusAbstractAdaptor):
    def __init__(self, parent: Launcher) -> None:
        super().__init__(parent)
        self._launcher = parent

    @Slot()
    def Activate(self) -> None:
        self._launcher.serve(LaunchRequest())

    @Slot("QStringList")
    def Open(self, uris: list[str]) -> None:
        self._launcher.serve(LaunchRequest(uris=tuple(uris)))

    @Slot(str)
    def Action(self, name: str) -> None:
        if name in ACTIONS:
            self._launcher.serve(LaunchRequest(action=name))


class LaunchTarget(Protocol):
    """What serving a request uses of the running app (desktop.app.Desktop is one): named
    here, so this module needs nothing above it."""

    ctx: Context
    window: MainWindow
    workers: Workers


class Launcher(QObject):
    """The first instance's side: serves requests once :meth:`attach` gave it the desktop."""

    def __init__(self, bus: QDBusConnection) -> None:
        super().__init__()
        self.bus = bus
        self.adaptor = LaunchAdaptor(self)
        self._desktop: LaunchTarget | None = None
        self._waiting: list[LaunchRequest] = []

    def attach(self, desktop: LaunchTarget) -> None:
        self._desktop = desktop
        waiting, self._waiting = self._waiting, []
        for request in waiting:
            serve(desktop, request)

    def serve(self, request: LaunchRequest) -> None:
        if self._desktop is None:
            self._waiting.append(request)
        else:
            serve(self._desktop, request)


def serve(desktop: LaunchTarget, request: LaunchRequest) -> None:
    """Carry out ``request`` in ``desktop`` (first launch and hand-offs alike)."""
    controller = desktop.window.controller
    if request.action == "play-pause":
        controller.toggle()
    elif request.action == "next":
        controller.next()
    elif request.action == "previous":
        controller.previous()
    if request.action is None:
        bring_to_front(desktop.window)
    if request.uris:
        _open(desktop, request.uris)


def _open(desktop: LaunchTarget, uris: Sequence[str]) -> None:
    from engine.commands.play import resolve_tracks

    status = desktop.window.statusBar()
    paths, problems = [], []
    for uri in uris:
        try:
            paths.append(path_of(uri))
        except ValueError as exc:
            problems.append(str(exc))

    def work(_job: object) -> tuple[list, list[str]]:
        tracks, unreadable = resolve_tracks(paths, desktop.ctx)  # tags and library: not GUI
        return tracks, problems + unreadable

    def done(result: tuple[list, list[str]]) -> None:
        tracks, failed = result
        controller = desktop.window.controller
        if controller.player.state == "playing":
            controller.add_to_queue(tracks)
        else:
            controller.play_tracks(tracks, context=translate("SingleInstance", "Opened files"))
        if failed:
            shown = translate("SingleInstance", "Could not open {file}").format(file=failed[0])
            status.showMessage(shown + _more(len(failed) - 1), READ_MS)

    desktop.workers.submit(work, name="open files", done=done)


def _more(count: int) -> str:
    return translate("SingleInstance", " (and {count} more)").format(count=count) if count else ""


def claim(bus: QDBusConnection) -> Launcher | None:
    """Become the instance: publish the launcher and own the name; None when another has it."""
    launcher = Launcher(bus)
    if not bus.registerObject(PATH, launcher):
        return None
    if not bus.registerService(SERVICE):
        bus.unregisterObject(PATH)
        return None
    return launcher


def instance_running(bus: QDBusConnection) -> bool:
    reply = bus.interface().isServiceRegistered(SERVICE)
    return reply.isValid() and bool(reply.value())


def hand_off(bus: QDBusConnection, request: LaunchRequest, report: Callable[[str], None]) -> bool:
    """Send ``request`` to the running instance; False (reported) when it does not answer."""
    method, args = request.method
    message = QDBusMessage.createMethodCall(SERVICE, PATH, IFACE, method)
    message.setArguments(args)
    reply = bus.call(message, QDBus.CallMode.Block, HAND_OFF_TIMEOUT_MS)
    if reply.type() == QDBusMessage.MessageType.ErrorMessage:
        report(f"the running Encore did not take the request ({reply.errorMessage()})")
        return False
    return True


def report_to_stderr(message: str) -> None:
    print(f"encore-desktop: {message}", file=sys.stderr)
