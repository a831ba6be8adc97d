"""``encore`` with no sub-command (and ``encore-desktop``): build everything and run the window.

One function wires the desktop mode: the engine context (:func:`engine.context.build_context`),
the Qt-free player with its sound output, the bridge and worker pool, and the main window.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.status_times import READ_MS

if TYPE_CHECKING:  # the wiring imports these lazily: Qt and the engine load after the QApplication
    from desktop.history_watch import HistoryWatch
    from desktop.live_results import LiveResults
    from desktop.mpris import Mpris
    from desktop.notifications import TrackNotifier
    from desktop.views.main_window import MainWindow
    from desktop.workers import Workers
    from engine.config import Config
    from engine.context import Context
    from engine.playback.output import Output
    from engine.playback.player import Player

log = logging.getLogger(__name__)
CLOSE_WAIT_S = 5.0  # at most, for running background jobs to return when the app closes


@dataclass
class Desktop:
    """Everything the running app holds; tests build one with a ``NullOutput``."""

    ctx: Context
    player: Player
    window: MainWindow
    workers: Workers
    mpris: Mpris | None = None
    output_error: str | None = None
    settings: Config | None = None  # the playback settings last applied (None: ``ctx.config``)
    live: LiveResults | None = None  # newer runs and popularity, no restart
    notifier: TrackNotifier | None = None  # a bubble on each new song
    history: HistoryWatch | None = None  # a clear from a terminal

    def close(self) -> None:
        if self.live is not None:
            self.live.stop()
        if self.history is not None:
            self.history.stop()
        # A read still running (a list opened just before closing) must not outlive the
        # store and the event log it reads: closing them under it can crash SQLite.
        self.workers.shutdown(wait_s=CLOSE_WAIT_S)
        if self.notifier is not None:
            self.notifier.close()
        self.player.close()
        self.ctx.close()


def open_player_output(device: str | None) -> tuple[Output, str | None]:
    """The configured sound output, or a silent one plus the reason when there is none."""
    from engine.playback.output import NullOutput, OutputError, open_output

    try:
        return open_output(device), None
    except OutputError as exc:
        return NullOutput(realtime=True, keep=False), str(exc)


def build_desktop(ctx: Context, *, output: Output | None = None, load: bool = True) -> Desktop:
    """Wire the player, bridge, workers and main window for ``ctx`` (a QApplication must exist).

    Parameters
    ----------
    ctx
        The engine context from :func:`engine.context.build_context`.
    output
        The player's sound output; ``None`` opens the configured device.
    load
        Start loading library, home and mixes in the background right away, and following
        newer training runs (``desktop.live.start()`` does that later).
    """
    from desktop.bridge import GuiCaller, PlayerBridge
    from desktop.controller import PlaybackController
    from desktop.history_watch import HistoryWatch
    from desktop.live_results import LiveResults
    from desktop.media_keys import install_media_keys
    from desktop.notifications import TrackNotifier
    from desktop.resume_analysis import resume_pending_analysis
    from desktop.services import Services
    from desktop.views.main_window import MainWindow
    from desktop.workers import Workers
    from engine.analysis.worker import single_threaded_blas
    from engine.events.wire import PlayEvent
    from engine.listening import counts_as_play
    from engine.playback.loudness import store_gain
    from engine.playback.player import Player

    # The window's own numpy work is small (the sound map, For you): OpenBLAS's threads only
    # spin for the cores; after an import one SVD took minutes (tests/gui/test_blas_threads.py).
    single_threaded_blas()
    output_error = None
    if output is None:
        output, output_error = open_player_output(ctx.config.output_device)
    gain_for = store_gain(ctx.store) if ctx.config.loudness_normalisation else None
    services = Services(ctx)

    def record(event: PlayEvent) -> None:
        # Called by the player only once it plays, after ``caller`` and ``window`` exist below.
        ctx.recorder.record(event)
        services.note_event(ctx.recorder.stamped(event))  # For you follows at once
        if counts_as_play(event):
            caller.call(window.library_model.add_play, event.track_id)

    player = Player(
        output=output,
        record=record,
        device_id=ctx.config.device_id,
        gain_for=gain_for,
        equaliser=ctx.config.equaliser,
        warm_codecs=False,  # after the library is shown: see MainWindow.reload_library
    )
    caller = GuiCaller()
    workers = Workers(caller, max_workers=max(2, min(4, ctx.config.analysis_workers)))
    bridge = PlayerBridge(player, caller)
    controller = PlaybackController(player, bridge, workers, recommend=lambda: services.recommend)
    window = MainWindow(services, controller, workers)
    services.noted = lambda event: caller.call(window.listened, event)
    caller.setParent(window)
    workers.setParent(window)
    bridge.setParent(window)
    controller.setParent(window)
    install_media_keys(window, controller)
    if output_error:
        window.show_output_problem(output_error)
    desktop = Desktop(ctx, player, window, workers, output_error=output_error)
    desktop.notifier = TrackNotifier(
        bridge, workers, enabled=ctx.config.notifications, parent=window
    )
    try:
        from desktop.mpris import register_mpris
        from desktop.single_instance import LaunchRequest, serve

        desktop.mpris = register_mpris(
            controller,
            window,
            open_uris=lambda uris: serve(desktop, LaunchRequest(tuple(uris))),
            workers=workers,
            cache_dir=ctx.config.cache_dir,
        )
    except ImportError:
        desktop.mpris = None
    window.settings.saved.connect(lambda config: apply_settings(desktop, config))
    desktop.live = LiveResults(window, services, workers, caller)
    desktop.history = HistoryWatch(window, services, workers)
    if load:
        desktop.live.start()  # first: it notes the run that load_all is about to show
        desktop.history.start()
        window.load_all()
        resume_pending_analysis(window)
    return desktop


def apply_settings(desktop: Desktop, config: Config) -> None:
    """Apply saved playback settings to the running player, no restart needed.

    Loudness normalisation switches at once; a new output device is opened in a worker (PortAudio
    may take a moment) and the playing track moves to it. Backend settings are only read at
    start-up, which the Settings page says.
    """
    from desktop.i18n import translate
    from engine.playback.loudness import store_gain

    player, window = desktop.player, desktop.window
    running = desktop.settings or desktop.ctx.config
    desktop.settings = config
    if desktop.notifier is not None:
        desktop.notifier.enabled = config.notifications
    if config.equaliser != running.equaliser:
        player.set_equaliser(config.equaliser)  # ramps, no click
    if config.loudness_normalisation != running.loudness_normalisation:
        gain_for = store_gain(desktop.ctx.store) if config.loudness_normalisation else None
        # In a worker: the playing tracks' loudness is looked up in the store right away.
        desktop.workers.submit(lambda job: player.set_gain_for(gain_for), name="loudness")
    if config.output_device != running.output_device:
        device = config.output_device

        def switch(result: tuple[Output, str | None]) -> None:
            output, error = result
            player.set_output(output)
            desktop.output_error = error
            window.show_output_problem(error)
            name = device or translate("Desktop", "the system default")
            message = (
                translate("Desktop", "Playing silently: {error}").format(error=error)
                if error
                else translate("Desktop", "Sound output: {name}").format(name=name)
            )
            window.statusBar().showMessage(message, READ_MS)

        desktop.workers.submit(lambda job: open_player_output(device), name="output", done=switch)


def show_config_problems(window: MainWindow, problems: Sequence[str]) -> None:
    """Keep the start-up's config problems in the status bar (each is one line)."""
    if not problems:
        return
    from desktop.models.formatting import plain_tooltip
    from desktop.widgets.labels import PlainLabel

    notice = PlainLabel(" · ".join(problems), name="configNotice")
    notice.setToolTip(plain_tooltip("\n".join(problems)))
    window.statusBar().addPermanentWidget(notice)


def start_desktop(*, output: Output | None = None) -> Desktop:
    """Load the config, build the context and the window (not shown yet).

    A bad config file or ``ENCORE_*`` value never stops the start: the window opens without it
    and says so, each problem one line on stderr and in the status bar. Raises
    :class:`~engine.errors.EncoreError` only when the context itself cannot be built.
    """
    from engine.config import load_config_or_defaults
    from engine.context import build_context

    loaded = load_config_or_defaults()
    for problem in loaded.problems:
        print(f"encore: {problem}", file=sys.stderr)
    from desktop.views.first_size import fit_first_window

    desktop = build_desktop(build_context(loaded.config), output=output)
    show_config_problems(desktop.window, loaded.problems)
    if not desktop.window.state.geometry_restored:
        fit_first_window(desktop.window)
    return desktop


def main(argv: Sequence[str] | None = None) -> int:
    """``encore-desktop [FILE...] [--play-pause | --next | --previous]`` (argv[0] included).

    With a session bus only the first launch opens a window; later ones hand their files or
    action to it and exit (:mod:`desktop.single_instance`).
    """
    from desktop.single_instance import parse_launch

    args = list(sys.argv if argv is None else argv)
    request = parse_launch(args[1:])  # before Qt: --help needs no display

    from PySide6.QtDBus import QDBusConnection
    from PySide6.QtWidgets import QApplication

    from desktop.app_id import APP_ID
    from desktop.i18n import install_translators
    from desktop.single_instance import (
        claim,
        hand_off,
        instance_running,
        report_to_stderr,
        serve,
    )
    from desktop.widgets.assets import app_icon, apply_theme
    from engine.cli import version_text
    from engine.errors import EncoreError
    from engine.logs import start_log_file

    # Only the program name reaches Qt: file names are ours, and Qt crashes on one that is not
    # UTF-8 (surrogate-escaped). Qt's own settings still come from its environment variables.
    app = QApplication.instance() or QApplication(args[:1])
    bus = QDBusConnection.sessionBus()
    launcher = claim(bus) if bus.isConnected() else None
    if launcher is None and bus.isConnected() and instance_running(bus):
        return 0 if hand_off(bus, request, report_to_stderr) else 1
    app.setApplicationName("Encore")
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    apply_theme(app)
    install_translators(app)  # before any widget is built: they translate as they are made
    try:
        desktop = start_desktop()
    except EncoreError as exc:
        print(f"encore: {exc}", file=sys.stderr)
        return 1
    start_log_file(desktop.ctx.config.log_file, f"encore-desktop {version_text()}")
    from desktop.sigterm import SigtermQuit

    SigtermQuit(app.quit, parent=desktop.window)  # aboutToQuit then saves the state
    desktop.window.show()
    serve(desktop, request)
    if launcher is not None:
        launcher.attach(desktop)  # launches that arrived while the window was being built
    try:
        return int(app.exec())
    finally:
        desktop.close()


if __name__ == "__main__":
    sys.exit(main())
