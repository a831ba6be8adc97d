"""The main window: sidebar, pages, recommendations pane, now-playing bar (its menus are
desktop/views/window_menus.py, its keys desktop/views/keyboard.py).

It wires views to the controller and to background jobs; it holds no engine logic itself.
"""

from __future__ import annotations

import os

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.controller import PlaybackController
from desktop.i18n import translate
from desktop.import_run import ImportRun
from desktop.models.formatting import count_of
from desktop.models.library_model import LibraryModel
from desktop.services import HomeData, Services
from desktop.status_times import NOTE_MS, READ_MS
from desktop.views.browse import Browse
from desktop.views.common import scrolling
from desktop.views.first_size import DEFAULT_SIZE
from desktop.views.history_section import HistorySection
from desktop.views.home import HomeView
from desktop.views.keyboard import Keyboard
from desktop.views.library import LibraryView
from desktop.views.list_actions import ListActions
from desktop.views.mixes import MixesView
from desktop.views.playlist_wiring import PlaylistsUi
from desktop.views.queue import QueueView
from desktop.views.recommendations import RecommendationsPane
from desktop.views.settings import SettingsView
from desktop.views.state_saver import StateSaver
from desktop.views.unsaved_settings import UnsavedSettings
from desktop.views.window_menus import WindowMenus
from desktop.views.window_state import WindowState
from desktop.widgets.assets import app_icon
from desktop.widgets.focus_visible import FocusVisible
from desktop.widgets.now_playing import NowPlayingBar
from desktop.widgets.output_notice import OutputNotice
from desktop.widgets.sidebar import PAGES, Sidebar
from desktop.widgets.track_list import TrackList
from desktop.workers import Job, LatestRead, Workers
from engine.events.wire import PlayEvent
from engine.models import Track
from engine.recommend.popular import Mix

# Events that change what Home shows (a pause or a seek changes nothing there).
SETTINGS_ROW = [page for page, _icon in PAGES].index("Settings")
HOME_EVENTS = frozenset({"play", "complete", "skip", "like", "unlike", "dislike"})


class MainWindow(QMainWindow):
    def __init__(
        self, services: Services, controller: PlaybackController, workers: Workers
    ) -> None:
        super().__init__()
        self.services = services
        self.controller = controller
        self.workers = workers
        self.setWindowTitle(self.tr("Encore"))
        self.setWindowIcon(app_icon())
        self.resize(DEFAULT_SIZE)  # fit_first_window() shrinks it on a small screen

        self.library_model = LibraryModel(self)
        self.sidebar = Sidebar()
        self.home = HomeView(controller)
        self.library = LibraryView(self.library_model, controller)
        self.mixes = MixesView(controller)
        self.queue = QueueView(controller)
        self.settings = SettingsView(services.ctx.config, workers)
        self.history_section = HistorySection(services, workers)
        self.history_section.cleared.connect(lambda _gone: self.reload_home())
        self.settings.add_section(self.history_section)
        self.pages = QStackedWidget()
        # Settings scrolls instead of setting the window's minimum width with its longest row.
        settings_page = scrolling(self.settings)
        self.playlists = PlaylistsUi(self, parent=self)
        self.browse = Browse(
            cache_dir=services.ctx.config.cache_dir,
            workers=workers,
            controller=controller,
            library_model=self.library_model,
            library=self.library,
            sidebar=self.sidebar,
            parent=self,
        )
        for page in (
            self.home,
            self.library,
            self.browse.albums,
            self.browse.artists,
            self.mixes,
            self.playlists.view,
            self.queue,
            settings_page,
        ):
            self.pages.addWidget(page)
        self.unsaved_settings = UnsavedSettings(self.settings, self.sidebar, self)
        self._user_closing = False  # see quit_asking
        self.sidebar.currentRowChanged.connect(self._page_changed)
        self.recommendations = RecommendationsPane(services, workers, controller)
        self.now_playing = NowPlayingBar(controller, workers)

        self.split = split = QSplitter()
        split.addWidget(self.pages)
        split.addWidget(self.recommendations)
        # Up next takes 30 % beside the sidebar (329 px at 1280 wide) so its reasons fit, and
        # keeps that share as the window grows; sizes the user saved replace it (restore_layout).
        split.setStretchFactor(0, 7)
        split.setStretchFactor(1, 3)
        split.setSizes([700, 300])
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.sidebar)
        body.addWidget(split, 1)
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addLayout(body, 1)
        outer.addWidget(self.now_playing)
        self.setCentralWidget(central)

        self.library.trackSelected.connect(self.recommendations.show_for)
        self.library.importRequested.connect(self.start_import)
        self.settings.importRequested.connect(self.start_import)
        self.settings.folders.start_folder = lambda: self.library.last_folder
        self.library.import_panel.cancelRequested.connect(self.cancel_import)
        controller.bridge.trackChanged.connect(self._track_changed)
        # A song restored from the last run, waiting paused, is the current song as well.
        controller.cued.connect(lambda track, _position: self._track_changed(track))
        controller.bridge.errorRaised.connect(
            lambda msg: self.statusBar().showMessage(msg, READ_MS)
        )
        self.home.mixOpened.connect(self.open_mix)
        self.home.importRequested.connect(self.start_import)
        self.home.importClicked.connect(self.library.choose_folder)
        self.home.playClicked.connect(self.library.play_listed)
        self.list_actions = ListActions(services, workers, self.statusBar(), self.reload_home)
        self.home.saveAsPlaylist.connect(self.list_actions.save_playlist)
        self.home.notInterested.connect(self.list_actions.not_interested)
        self.mixes.open_mix = self._load_mix
        self.mixes.sound_map.dotClicked.connect(self._play_by_id)
        self.mixes.sound_map.describe = self._song_line
        self.playlists.wire(self)

        self._library_job: Job | None = None
        self._library_again = False  # asked while a reload ran: read once more after it
        # Each read replaces the one before: Home after two quick "Not interested", one mix
        # opened after another.
        self._home, self._mix = LatestRead(workers, "home"), LatestRead(workers, "mix")
        self._mixes, self._map = LatestRead(workers, "mixes"), LatestRead(workers, "map")
        self.import_run = ImportRun(self, parent=self)
        self.import_run.running.connect(self._importing)
        controller.play_something = self.library.play_listed
        self.library_loaded = False
        self.warmed_run: str | None = None  # the training run the recommender has indexed
        self.keyboard = Keyboard(self, parent=self)
        self.focus_visible = FocusVisible(self)  # the focus edge only while keys are in use
        self.menus = WindowMenus(
            self,
            config=services.ctx.config,
            keyboard=self.keyboard,
            choose_folder=self.library.choose_folder,
        )
        # Stays in the status bar while there is no sound output (messages come and go).
        self.output_notice = OutputNotice()
        self.output_notice.clicked.connect(self.show_output_setting)
        self.statusBar().addPermanentWidget(self.output_notice)
        self.statusBar().showMessage(self.tr("Loading library…"))
        self.state = WindowState(services.ctx.config.home)
        self.state.restore_layout(self)
        self.state_saver = StateSaver(self, self.state, parent=self)  # after the restore
        self._queue_restored = False

    def splitters(self) -> dict[str, QSplitter]:
        """The splitters whose positions are remembered, by name."""
        return {
            "main": self.split,
            "mixes": self.mixes.split,
            "playlists": self.playlists.view.split,
        }

    # --- data loading (all in workers) -------------------------------------------------------
    def load_all(self) -> None:
        if not self._queue_restored:
            self._queue_restored = True
            self.state.restore_queue(self)
        self.reload_library()
        self.reload_home()
        self.reload_mixes()
        self.playlists.load()
        self.warm_recommender()

    def warm_recommender(self) -> None:
        """Index the active run's clusters in a worker, off the GUI thread."""

        def done(run_id: str | None) -> None:
            self.warmed_run = run_id

        self.workers.submit(
            lambda job: self.services.warm_recommender(),
            name="warm-recommender",
            done=done,
            failed=lambda exc: self.statusBar().showMessage(
                self.tr("Recommendations: {exc}").format(exc=exc), READ_MS
            ),
        )

    def reload_library(self) -> None:
        if self._library_job is not None:
            # One reload at a time, and one more after it: the running read may predate what
            # was asked for (an import that ended during it), and no timer may ask again.
            self._library_again = True
            return

        def done(rows: list[tuple]) -> None:
            self._library_job = None
            if self._library_again:
                self._library_again = False
                self.reload_library()
            if self.library_model.rowCount() == 0 and not self.library_model.query:
                self.library_model.set_tracks(rows)  # first load: one reset, no diffing
            else:
                self.library_model.upsert_tracks(rows)
            self.library_loaded = True
            self.home.set_library_empty(not rows)
            # "Similar to" has nothing to offer without songs: the pages take its width. The
            # splitter keeps the pane's size while it is hidden (saved state included).
            self.recommendations.setVisible(bool(rows))
            self.controller.player.warm_codecs()  # start-up is over: codec imports may run
            count = len(rows)
            self.statusBar().showMessage(
                translate("MainWindow", "{count} in the library").format(
                    count=count_of(count, "song")
                ),
                NOTE_MS,
            )
            self.workers.submit(
                lambda job: self.services.play_counts(),
                name="plays",
                done=self.library_model.set_play_counts,
            )

        def failed(exc: BaseException) -> None:
            self._library_job = None
            self.statusBar().showMessage(
                translate("MainWindow", "Cannot read the library: {exc}").format(exc=exc)
            )

        self._library_job = self.workers.submit(
            lambda job: self.services.library_rows(), name="library", done=done, failed=failed
        )

    def reload_home(self) -> None:
        self._home.submit(
            lambda job: self.services.home(),
            self._show_home,
            lambda exc: self.statusBar().showMessage(
                self.tr("Home: {exc}").format(exc=exc), READ_MS
            ),
        )

    def listened(self, event: PlayEvent) -> None:
        """A play event was recorded: Home on screen shows its effect (For you leaves out a song
        just started, a like or a refusal changes it) without waiting to be reopened."""
        if event.type in HOME_EVENTS and PAGES[self.sidebar.currentRow()][0] == "Home":
            self.reload_home()

    def _show_home(self, data: HomeData) -> None:
        self.home.show_data(data)

    def reload_mixes(self) -> None:
        self._reload_mix_list()
        self._map.submit(lambda job: self.services.sound_map(), self.mixes.show_sound_map)

    def _reload_mix_list(self) -> None:
        self._mixes.submit(
            lambda job: (self.services.mixes(), self.services.analysed()),
            lambda got: self.mixes.show_mixes(got[0], analysed=got[1]),
        )

    def _load_mix(self, summary: Mix) -> None:
        cid = summary.cluster_id
        self._mix.submit(
            lambda job: self.services.cluster_tracks(cid),
            lambda tracks: self.mixes.show_mix_tracks(summary, tracks),
        )

    def open_mix(self, cluster_id: int) -> None:
        self.sidebar.select("Mixes")
        self.mixes.select_cluster(cluster_id)

    def _play_by_id(self, track_id: str) -> None:
        track = self.library_model.track_by_id(track_id)
        if track is not None:
            self.controller.play_now(track)  # a dot on the map, like a suggestion: queue kept

    def _song_line(self, track_id: str) -> str | None:
        track = self.library_model.track_by_id(track_id)
        return None if track is None else f"{track.title} — {track.artist}"

    # --- import ----------------------------------------------------------------------------
    def start_import(self, paths: list[str]) -> None:
        folders = [p for p in paths if os.path.isdir(p)]
        if folders:
            self.library.last_folder = folders[-1]  # every folder dialog opens there next
        self.settings.folders.add(paths)  # imported folders are the library's folders
        self.sidebar.select("Library")
        if self.import_run.job is None:
            self.import_run.start(paths)
            return
        self.import_run.add(paths)
        names = ", ".join(os.path.basename(p.rstrip("/")) or p for p in paths)
        self.statusBar().showMessage(
            self.tr("{names}: imported when the current import ends").format(names=names),
            NOTE_MS,
        )

    def _importing(self, running: bool) -> None:
        self.home.set_importing(running)
        self.library.empty.set_importing(running)
        self.mixes.set_importing(running)
        self.recommendations.importing = running

    def cancel_import(self) -> None:
        self.import_run.cancel()

    @property
    def _import_job(self) -> Job | None:
        """The Import button's running job (import, then training), or None."""
        return self.import_run.job

    # --- playback reactions ----------------------------------------------------------------
    def show_output_problem(self, message: str | None) -> None:
        """Say (until fixed) that Encore plays silently, or hide the notice again."""
        self.output_notice.show_problem(message)

    def show_output_setting(self) -> None:
        self.sidebar.select("Settings")
        self.settings.device.setFocus()

    def _track_changed(self, track: Track | None) -> None:
        playing = track.track_id if track is not None else None
        self.library_model.set_playing(playing)
        for song_list in self.findChildren(TrackList):
            song_list.mark_playing(playing)
        if track is not None:
            self.setWindowTitle(
                self.tr("{title} — {artist} · Encore").format(
                    title=track.title, artist=track.artist
                )
            )
            self.recommendations.show_for(track)
            self.mixes.sound_map.highlight = track.track_id
            self.mixes.sound_map.update()
        else:
            self.setWindowTitle(self.tr("Encore"))

    def _page_changed(self, row: int) -> None:
        if self.pages.currentIndex() == SETTINGS_ROW and self.unsaved_settings.holds(row):
            return
        self.pages.setCurrentIndex(row)
        if PAGES[row][0] == "Home":
            self.reload_home()
        elif PAGES[row][0] == "Mixes" and not self.mixes.summaries:
            # An import may have analysed songs since: the note then says the mixes are on
            # their way, not "import a folder" (a new run reloads the whole page anyway).
            self._reload_mix_list()

    # --- shutdown --------------------------------------------------------------------------
    def quit_asking(self) -> None:
        """File → Quit (Ctrl+Q): as the window's close button, it asks about unsaved settings;
        a close from code (SIGTERM, a session's logout, tests) does not wait for an answer."""
        self._user_closing = True
        try:
            self.close()
        finally:
            self._user_closing = False

    def closeEvent(self, event: QCloseEvent) -> None:  # Qt's name
        asked_by_user = event.spontaneous() or self._user_closing
        if asked_by_user and self.unsaved_settings.holds_close():
            event.ignore()  # the question is open: Save or Discard closes again
            return
        self.import_run.live_reload.stop()
        self.state_saver.save_now()  # a full or read-only disk does not keep the window open
        self.workers.shutdown()
        super().closeEvent(event)
