"""Engine access for the desktop. Every function here runs in a worker thread, never on the GUI
thread: they query the store, read the event log, run import/analysis/training.

Nothing here re-implements engine logic (that is :mod:`engine.library_ops`); it only calls the
engine and adapts results for the views.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from desktop import pipeline
from desktop.i18n import translate
from desktop.models.formatting import count_of
from desktop.phrase_text import shown
from desktop.pipeline import ImportResult
from engine import library_ops
from engine.analysis.wanted import Wanted
from engine.context import Context
from engine.events.forget import Forgotten, forget_history
from engine.events.wire import PlayEvent
from engine.library_ops.personal import open_personal, what_next
from engine.library_ops.save_playlist import save_as_playlist
from engine.models import Recommendation, Track
from engine.recommend.listeners import ListenerResults
from engine.recommend.personal import Personal, YourMix
from engine.recommend.popular import Mix
from engine.recommend.recommender import Recommender
from engine.stores.protocol import Store


@dataclass
class HomeData:
    has_history: bool
    popular: list[tuple[Track, float]] = field(default_factory=list)
    recent: list[Track] = field(default_factory=list)
    mixes: list[tuple[Mix, list[Track]]] = field(default_factory=list)
    for_you: list[Recommendation] = field(default_factory=list)
    because: list[tuple[str, list[Recommendation]]] = field(default_factory=list)  # (title, row)
    your_mixes: list[YourMix] = field(default_factory=list)
    # One line under each song: "3 plays", "3 plays · 2 h ago" (same order as the lists).
    popular_notes: list[str] = field(default_factory=list)
    recent_notes: list[str] = field(default_factory=list)
    # Songs analysed, read only while there are no mixes: Home tells "import a folder" from
    # "the mixes are on their way".
    analysed: int = 0


@dataclass
class SoundMap:
    """A 2-D projection of the library's feature vectors.

    ``xy`` has shape (n, 2), ``clusters`` shape (n,) (-1 when the track is in no cluster).
    """

    track_ids: list[str]
    xy: np.ndarray
    clusters: np.ndarray


class Services:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self._recommender: Recommender | None = None
        self._personal: Personal | None = None
        # The listener's history clears (here, on the server) when _personal was opened.
        self._clears_seen = (0, 0)
        self._lock = threading.Lock()
        # What the Import button runs; tests that only need a filled library drop the rest.
        self.import_stages: tuple[str, ...] = ("scan", "analysis", "training")
        # The songs the listener is looking at: a running analysis takes them first
        # (thread-safe; the pane adds to it from the GUI thread).
        self.wanted = Wanted()
        # Told of every event the listener's model took in (any thread): the window shows
        # what changed (Home, when it is on screen).
        self.noted: Callable[[PlayEvent], None] = lambda event: None

    @property
    def store(self) -> Store:
        return self.ctx.store

    # --- library ---------------------------------------------------------------------------
    def library_rows(self) -> list[tuple]:
        """Every present track as a plain row in ``Track`` field order, for the table
        (``Store.track_rows``: the light read, no ``Track`` objects)."""
        return self.store.track_rows()

    def play_counts(self) -> dict[str, int]:
        return library_ops.play_counts(self.ctx)

    # --- recommendations -------------------------------------------------------------------
    def recommender(self) -> Recommender:
        with self._lock:
            return self._current_recommender()

    def _current_recommender(self) -> Recommender:
        """The recommender, made when first needed (lock held)."""
        if self._recommender is None:
            self._recommender = Recommender(self.store)
        return self._recommender

    def reset_recommender(self) -> None:
        """A new training run landed: the next query (or :meth:`warm_recommender`) loads it.

        A fresh ``Recommender`` rather than ``refresh()`` on the old one: a warm-up still
        running on the old object would otherwise put the previous run's clusters back into
        the cache it just cleared.
        """
        with self._lock:
            self._recommender = None
        self.reset_personal()  # its audio space is the run's

    def warm_recommender(self) -> str | None:
        """Load the active run and index every cluster now, so the first "what next" that
        lands in a cold cluster does not pay for it (~0.2 s at 100k). Worker thread only.

        Returns the id of the run that was warmed, None when nothing is trained yet.
        """
        recommender = self.recommender()
        active = self.store.active_run()
        loaded = recommender.run
        if (active and active.run_id) != (loaded and loaded.run_id):
            # Trained since the recommender was made (e.g. `encore train` in a terminal).
            self.reset_recommender()
            recommender = self.recommender()
        recommender.warm()
        run = recommender.run
        return None if run is None else run.run_id

    def recommend(self, track_id: str, k: int = 10) -> list[Recommendation]:
        """What next for ``track_id``: by sound, blended with what this listener plays with it
        (the pane and radio both ask here)."""
        return what_next(self.recommender(), self.personal(), track_id, k)

    # --- the listener ----------------------------------------------------------------------
    def personal(self) -> Personal:
        with self._lock:
            if self._personal is None:
                # Its served lists vote in For you: this recommender's, taken under the same
                # lock, so a new training run's reset cannot hand it the previous run's.
                listener = open_personal(self.ctx, self._current_recommender())
                # Counted before the model reads any event (it reads on the first question): a
                # clear while it reads moves the count after, and the next check rebuilds.
                self._clears_seen = self._clears(listener)
                self._personal = listener
            return self._personal

    def _clears(self, listener: Personal) -> tuple[int, int]:
        """The listener's clears here (the outbox) and, in server mode, on any device."""
        who = self.ctx.config.listener
        results = listener.listeners_like_you
        on_server = results.clears(who) if isinstance(results, ListenerResults) else 0
        return self.ctx.recorder.outbox.clears(who), on_server

    def cleared_elsewhere(self) -> bool:
        """Whether the listener's history was cleared (``encore history clear`` in a terminal,
        or in server mode on another device of the profile) since the model was built; if so
        the model goes, and the next question reads what is left. A primary-key read each
        (SQLite, MongoDB): cheap enough for a timer."""
        with self._lock:
            listener = self._personal
            if listener is None or self._clears(listener) == self._clears_seen:
                return False
        self.reset_personal()
        return True

    def note_event(self, event: PlayEvent) -> None:
        """A play event was just recorded: For you and "played together" take it in (cheap:
        one song's affinity and one centre move; safe from the player's thread)."""
        with self._lock:
            listener = self._personal
        if listener is not None:
            listener.add(event)
        self.noted(event)

    def not_interested(self, track: Track) -> None:
        """Record "not interested" (a ``dislike`` event: it ships to the server too)."""
        event = PlayEvent(
            track.track_id, "dislike", self.ctx.config.device_id, duration=track.duration
        )
        self.ctx.recorder.record(event)
        self.note_event(self.ctx.recorder.stamped(event))

    def save_as_playlist(self, name: str, tracks: Sequence[Track]) -> str:
        """Save ``tracks`` as a new playlist; returns the name it got (unique)."""
        return save_as_playlist(self.store, name, [t.track_id for t in tracks]).name

    def clear_history(self, before: float | None = None) -> Forgotten:
        """``encore history clear`` from the window: the listener's events go (here and on the
        server), and so does the in-memory model built from them, or For you, "Because you"
        and "played together" would keep showing them until a restart."""
        config = self.ctx.config
        gone = forget_history(
            self.ctx.recorder.outbox, config.listener, config.mongo_uri, before=before
        )
        self.reset_personal()
        return gone

    def reset_personal(self) -> None:
        """The audio space changed (new analysis or training run): rebuild on next use."""
        with self._lock:
            listener, self._personal = self._personal, None
        if listener is not None:
            listener.close()

    # --- home and mixes (shaped by engine.library_ops; only adapted here) -----------------
    def home(self) -> HomeData:
        now = time.time()
        data = library_ops.home(
            self.ctx, listener=self.personal(), recommend=self.recommend, now=now
        )
        return HomeData(
            has_history=data.has_history,
            popular=[(p.track, p.score) for p in data.popular],
            recent=[r.track for r in data.recent],
            mixes=[(m, list(m.tracks)) for m in data.mixes],
            for_you=data.for_you,
            because=[(shown(row.heading), list(row.recommendations)) for row in data.because],
            your_mixes=data.your_mixes,
            popular_notes=[count_of(p.plays, "play") if p.plays else "" for p in data.popular],
            recent_notes=[_played(r.plays, now - r.last_played) for r in data.recent],
            analysed=0 if data.mixes else self.analysed(),
        )

    def analysed(self) -> int:
        """Songs analysed: with no mixes, tells "import a folder" from "mixes on their way"."""
        return self.store.counts()["analysed"]

    def mixes(self, first: int = 5) -> list[tuple[Mix, list[Track]]]:
        return [(m, list(m.tracks)) for m in library_ops.library_mixes(self.ctx, per_mix=first)]

    def cluster_tracks(self, cluster_id: int) -> list[Track]:
        ids = self.store.cluster_members(cluster_id)
        tracks = self.store.get_tracks(ids)
        return sorted(
            (tracks[t] for t in ids if t in tracks), key=lambda t: (t.artist, t.album, t.title)
        )

    def sound_map(self) -> SoundMap:
        ids, matrix, _names = self.store.feature_matrix()
        n = len(ids)
        clusters = np.full(n, -1, dtype=np.int64)
        if n == 0:
            return SoundMap([], np.zeros((0, 2)), clusters)
        position = {tid: i for i, tid in enumerate(ids)}
        for summary in self.store.clusters():
            for tid in self.store.cluster_members(summary.cluster_id):
                i = position.get(tid)
                if i is not None:
                    clusters[i] = summary.cluster_id
        return SoundMap(ids, project_2d(matrix), clusters)

    # --- import → analysis → training ------------------------------------------------------
    def run_pipeline(
        self,
        paths: Sequence[str],
        *,
        cancel: threading.Event,
        report: Callable[[str, int, int], None],
        failures: Callable[[list[tuple[str, str]]], None],
        saved: Callable[[list[str]], None] | None = None,
    ) -> ImportResult:
        """Import ``paths`` and analyse what is new (:attr:`wanted` songs first); says whether
        :meth:`train` should follow. ``saved`` hears each batch of vectors written."""
        return pipeline.run(
            self.ctx,
            paths,
            cancel=cancel,
            report=report,
            failures=failures,
            stages=self.import_stages,
            saved=saved,
            wanted=self.wanted,
        )

    def train(self, *, cancel: threading.Event, report: Callable[[str, int, int], None]) -> str:
        """Train on everything analysed (the Import button's background step)."""
        return pipeline.train(self.ctx, cancel=cancel, report=report)


def _played(plays: int, age_s: float) -> str:
    """``"3 plays · 2 h ago"``: how often and when, for a Home row."""
    age_s = max(age_s, 0.0)
    if age_s < 60:
        when = translate("Services", "just now")
    elif age_s < 3600:
        when = translate("Services", "{n} min ago").format(n=int(age_s // 60))
    elif age_s < 86400:
        when = translate("Services", "{n} h ago").format(n=int(age_s // 3600))
    else:
        days = count_of(int(age_s // 86400), "day")
        when = translate("Services", "{days} ago").format(days=days)
    if not plays:
        return when
    return translate("Services", "{plays} · {when}").format(
        plays=count_of(plays, "play"), when=when
    )


def project_2d(matrix: np.ndarray) -> np.ndarray:
    """Principal-component projection of standardised feature vectors.

    Parameters
    ----------
    matrix : np.ndarray, shape (n, d)
        One feature vector per track.

    Returns
    -------
    np.ndarray, shape (n, 2)
        Coordinates on the first two principal axes, scaled into [-1, 1].
    """
    x = np.asarray(matrix, dtype=np.float64)
    if x.shape[0] < 2:
        return np.zeros((x.shape[0], 2))
    std = x.std(axis=0)
    x = (x - x.mean(axis=0)) / np.where(std > 0, std, 1.0)
    # SVD of the centred matrix: the right singular vectors are the principal axes.
    _, _, vt = np.linalg.svd(x, full_matrices=False)
    axes = vt[:2].T
    if axes.shape[1] < 2:
        axes = np.pad(axes, ((0, 0), (0, 2 - axes.shape[1])))
    xy = x @ axes
    scale = np.abs(xy).max(axis=0)
    return xy / np.where(scale > 0, scale, 1.0)
