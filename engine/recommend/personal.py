"""One listener's personal recommendations: For you, "Because you played X", their mixes.

:class:`Personal` reads the listener's events once (within popularity's horizon), keeps the
taste model and the co-play links, and folds in new events one at a time (:meth:`add`) so Home
refreshes as songs are played. A listener is a device id: only their own events count, so one
person's history never shows in another's For you.

Events come on the player's thread (a completed play) while For you is asked on another, so the
model changes under :attr:`Personal._lock` only, and a question reads a snapshot of it
(:meth:`Taste.snapshot`), taken by the first question after an event and kept until the next:
it answers from one state, before or after an event, and never waits for one in progress.
For you and the mixes take turns (:attr:`Personal._asking`): they fill the caches the
snapshots share.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

from engine.events.wire import PlayEvent
from engine.library.same_song import DistinctSongs, distinct
from engine.models import UNKNOWN_ARTIST, Recommendation, Track
from engine.phrases import Phrase, phrase
from engine.recommend.foryou import DEFAULT_FRESH_DAYS, for_you
from engine.recommend.list_worker import ListWorker
from engine.recommend.popular import HORIZON_HALF_LIVES, EventSource
from engine.recommend.popularity import DAY, DEFAULT_HALF_LIFE_DAYS
from engine.recommend.recommender import Recommender
from engine.recommend.space import AudioSpace, audio_space
from engine.recommend.suggestion import Suggestion
from engine.recommend.taste import Taste
from engine.recommend.together import Together, blend
from engine.recommend.votes import VOTERS, ServedLists, lists_are_quick
from engine.stores.protocol import Store

MIX_SIZE = 25
BECAUSE_ROWS = 3
# Share of For you given to "listeners like you" when the server has results for this listener.
ALS_SHARE = 0.25
ALS_REASON = phrase("listeners_like_you")


class ListenerTop(Protocol):
    def top_for(self, listener: str) -> list[tuple[str, float]]: ...

    def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class YourMix:
    """A daily-mix-style list for one taste centre."""

    name: Phrase  # your_mix{number, artist}
    tracks: tuple[Track, ...]


@dataclass(frozen=True, slots=True)
class BecauseRow:
    seed: Track
    heading: Phrase  # because_liked{title} or because_played{title}
    recommendations: tuple[Recommendation, ...]


class Personal:
    """For you and friends for the listener ``listener`` (:attr:`PlayEvent.who`: the profile,
    else the device; ``None``: every event).

    Parameters
    ----------
    store : Store
    events : EventSource
        The event log (the outbox in the embedded default, MongoDB in server mode).
    now : callable
        Clock, unix seconds (tests pass a fixed one).
    recommender : Recommender, optional
        The recommender whose served lists vote in For you and the mixes
        (:mod:`engine.recommend.votes`); without one, For you's own order only.
    """

    def __init__(
        self,
        store: Store,
        events: EventSource | None,
        *,
        listener: str | None,
        now: Callable[[], float],
        half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
        listeners_like_you: ListenerTop | None = None,
        recommender: Recommender | None = None,
    ) -> None:
        self.store = store
        self.recommender = recommender
        self._served = self._served_lists()
        self._lists_worker = ListWorker()
        self.listeners_like_you = listeners_like_you
        self.events = events
        self.listener = listener
        self.now = now
        self.half_life_days = half_life_days
        # Held while the model changes (an event, the first read, a refresh): never for long.
        self._lock = threading.Lock()
        # Held by For you and the mixes from start to end: they fill the snapshots' caches.
        self._asking = threading.Lock()
        self._space: AudioSpace | None = None
        self._taste: Taste | None = None
        self._together: Together | None = None
        self._tracks: dict[str, Track] = {}
        self._events_read: list[PlayEvent] | None = None
        # What questions read: a snapshot of _taste and the present tracks; None after an
        # event until the next question takes one. Replaced, never changed: read unlocked.
        self._view: tuple[Taste, dict[str, Track]] | None = None

    @property
    def served(self) -> ServedLists | None:
        """The recommender's lists that vote in For you: none without a recommender, nor
        while they are too slow to ask for (:func:`~engine.recommend.votes.lists_are_quick`)."""
        taste, _ = self.snapshot()
        return self._quick_lists(taste)

    def _quick_lists(self, taste: Taste) -> ServedLists | None:
        if self._served is None or self.recommender is None:
            return None
        trained = self.recommender.run is not None
        return self._served if lists_are_quick(trained=trained, songs=len(taste.ids)) else None

    def _served_lists(self) -> ServedLists | None:
        return None if self.recommender is None else ServedLists(self.recommender.recommend)

    def close(self) -> None:
        self._lists_worker.close()
        if self.listeners_like_you is not None:
            self.listeners_like_you.close()

    # --- state -----------------------------------------------------------------------------
    def _mine(self, events: Iterable[PlayEvent]) -> list[PlayEvent]:
        return [e for e in events if self.listener is None or e.who == self.listener]

    def _my_events(self) -> list[PlayEvent]:
        """This listener's events within popularity's horizon (read once; lock held)."""
        if self._events_read is None:
            since = self.now() - HORIZON_HALF_LIVES * self.half_life_days * DAY
            # Filtered by the log (an index), not here: a server's million events are mostly
            # other listeners'.
            found = (
                self.events.iter_events(since=since, listener=self.listener) if self.events else []
            )
            self._events_read = self._mine(found)
        return self._events_read

    def snapshot(self) -> tuple[Taste, dict[str, Track]]:
        """The taste and the present analysed tracks as questions see them now (read once, on
        the first call): a snapshot no event changes, taken after each event by the first
        question to come. Do not change either."""
        view = self._view
        if view is not None:
            return view
        self._load_together()  # the log read once feeds both
        with self._lock:
            if self._taste is None:
                self._space = audio_space(self.store)
                self._taste = Taste.build(
                    self._space.ids,
                    self._space.z,
                    self._my_events(),
                    now=self.now(),
                    half_life_days=self.half_life_days,
                    names=self._space.names,
                )
                analysed = set(self._space.ids)
                self._tracks = {
                    t.track_id: t for t in self.store.iter_tracks() if t.track_id in analysed
                }
            if self._view is None:
                self._view = (self._taste.snapshot(), self._tracks)
            return self._view

    def _load_together(self) -> Together:
        """Only the co-play links: what blending "what next" needs (no audio space)."""
        with self._lock:
            if self._together is None:
                self._together = Together.build(self._my_events(), now=self.now())
            return self._together

    def refresh(self) -> None:
        """Forget everything; the next question reads the log and the library again (after a
        training run or an analysis changed the space)."""
        with self._lock:
            self._space = self._taste = self._together = None
            self._view = None
            self._events_read = None
            self._served = self._served_lists()
            self._tracks = {}

    def add(self, event: PlayEvent) -> None:
        """A new event of this listener: taste and co-play links update in place (whichever
        has been built; the other reads the log, this event included, when first asked).
        Returns without waiting for any served list (see :meth:`_ask_for_voters`)."""
        if self.listener is not None and event.who != self.listener:
            return
        voters: list[str] = []
        with self._lock:
            if self._events_read is not None:
                self._events_read.append(event)
            taste = self._taste
            if taste is not None:
                taste.add(event)
                voters = [t for c in taste.centres for t in c.members[:VOTERS]]
                # Last: a question until now answers from the state before the event.
                self._view = None
            if self._together is not None:
                self._together.add(event)
        if taste is not None:
            self._ask_for_voters(taste, voters)

    def _ask_for_voters(self, taste: Taste, voters: list[str]) -> None:
        """The voters without a served list yet (the song the event made one, or a regroup's
        new centres) have it asked for in the background: one "what next" query each, up to
        ~50 ms at 100k songs, which the thread recording the event (the player's, for a
        completed play) must not wait for. Each joins the votes when it comes."""
        served = self._quick_lists(taste)
        if served is not None:
            self._lists_worker.ask(served, voters)

    def wait_for_lists(self) -> None:
        """Block until the served lists asked for in the background are kept (tests and
        benchmarks: the desktop's next question takes whichever have come)."""
        self._lists_worker.wait()

    @property
    def has_history(self) -> bool:
        taste, _ = self.snapshot()
        return bool(taste.affinity)

    # --- lists -----------------------------------------------------------------------------
    def for_you(
        self, k: int = 20, *, fresh_days: float = DEFAULT_FRESH_DAYS
    ) -> list[Recommendation]:
        taste, tracks = self.snapshot()
        if not taste.centres:
            return []
        others = []
        if self.listeners_like_you is not None and self.listener is not None:
            top = self.listeners_like_you.top_for(self.listener)  # the server's: no lock held
            best = max((score for _, score in top), default=0.0)
            if best > 0:
                als = [Suggestion(t, min(s / best, 1.0), ALS_REASON, -1) for t, s in top]
                others.append((als, ALS_SHARE))
        with self._asking:
            suggestions = for_you(
                taste,
                tracks,
                now=self.now(),
                k=k,
                fresh_days=fresh_days,
                title_of=lambda tid: tracks[tid].title if tid in tracks else "",
                others=others,
                served=self._quick_lists(taste),
            )
        return [self._as_recommendation(s, tracks) for s in suggestions]

    def your_mixes(self, size: int = MIX_SIZE) -> list[YourMix]:
        """One mix per taste centre: its favourite songs interleaved with new ones near them."""
        taste, tracks = self.snapshot()
        with self._asking:
            return self._your_mixes(taste, tracks, size)

    def _your_mixes(self, taste: Taste, tracks: dict[str, Track], size: int) -> list[YourMix]:
        served = self._quick_lists(taste)  # the lists of the taste in hand, asked once
        mixes = []
        for index, centre in enumerate(taste.centres):
            fresh = for_you(
                taste.only(centre),
                tracks,
                now=self.now(),
                k=size,
                fresh_days=0.0,
                per_source=None,
                served=served,
            )
            favourites = [t for t in centre.members if t in tracks][: size // 2]
            ordered: list[str] = []
            for pair in zip(favourites, [s.track_id for s in fresh], strict=False):
                ordered += [t for t in pair if t not in ordered]
            ordered += [s.track_id for s in fresh if s.track_id not in ordered]
            ordered = distinct(ordered, tracks.__getitem__)
            # Named after the taste's strongest song that has an artist: "Your mix 1: Unknown
            # artist" names nobody (untagged files are common).
            artist = next(
                (
                    tracks[t].artist
                    for t in centre.members
                    if t in tracks and tracks[t].artist not in ("", UNKNOWN_ARTIST)
                ),
                None,
            )
            name = phrase("your_mix", number=index + 1, artist=artist)
            mixes.append(YourMix(name, tuple(tracks[t] for t in ordered[:size])))
        return mixes

    def because(
        self, recommend: Callable[[str, int], list[Recommendation]], *, k: int = 8
    ) -> list[BecauseRow]:
        """Rows "Because you liked/played X" for the listener's strongest songs."""
        taste, tracks = self.snapshot()
        liked = {e for e, a in taste.affinity.items() if a > 0}
        ranked = sorted(liked & tracks.keys(), key=lambda t: (-taste.affinity[t], t))
        # The clip and the full track of one song played: one row, not two about one song.
        seeds = distinct(ranked, tracks.__getitem__)
        rows = []
        for tid in seeds[:BECAUSE_ROWS]:
            recs = [r for r in recommend(tid, k + 4) if r.track.track_id not in taste.early_skips]
            if recs:
                # "liked" is a heart, not plays.
                code = "because_liked" if taste.likes.is_liked(tid) else "because_played"
                heading = phrase(code, title=tracks[tid].title)
                rows.append(BecauseRow(tracks[tid], heading, tuple(recs[:k])))
        return rows

    def blend_similar(
        self, query_id: str, audio: list[Recommendation], k: int
    ) -> list[Recommendation]:
        """``audio`` recommendations for ``query_id`` blended with "played together"."""
        together = self._load_together()
        with self._lock:  # what an event changes, read as one: a few songs' links
            partners = {t: w for t, w in together.partners(query_id).items() if t != query_id}
            evidence = together.evidence(query_id)
            reasons = {t: together.reason(query_id, t) for t in partners}
        if not partners:
            return audio[:k]
        scores = blend({r.track.track_id: r.score for r in audio}, partners, evidence)
        known = {r.track.track_id: r for r in audio}
        missing = [t for t in partners if t not in known]
        found = self.store.get_tracks([query_id, *missing])
        # A partner may be another copy of the query or of an audio result: the same song.
        query = found.get(query_id)
        songs = DistinctSongs([query] if query is not None else [])
        result = []
        for tid in sorted(scores, key=lambda t: (-scores[t], t)):
            if tid in known:
                rec = known[tid]
                reason = reasons.get(tid, rec.reason)
                candidate = Recommendation(rec.track, scores[tid], reason)
            elif tid in found and found[tid].status == "ok":  # a partner outside the audio list
                candidate = Recommendation(found[tid], scores[tid], reasons[tid])
            else:
                continue
            if songs.admit(candidate.track):
                result.append(candidate)
            if len(result) >= k:
                break
        return result

    # --- helpers ---------------------------------------------------------------------------
    @staticmethod
    def _as_recommendation(s: Suggestion, tracks: dict[str, Track]) -> Recommendation:
        return Recommendation(tracks[s.track_id], s.score, s.reason)
