"""A listener's taste: decayed affinity per song, grouped into a few taste centres by sound.

Affinity is popularity's rule applied to one listener's own events (:func:`event_weight`, halved
every ``half_life_days``), so "played to the end", "liked" and "skipped" mean the same in the
chart and in For you. Songs with positive affinity are grouped by weighted k-means in the audio
space (standardised, group-weighted vectors), because one average of a listener who loves both
metal and piano is a song that is neither; each group is a *taste centre*.

The model is updated one event at a time (:meth:`Taste.add`): only the event's song changes
affinity, and a song already placed moves its centre by a weighted running mean, so an update
costs one distance per centre. A new taste needs a new centre, which a running mean never
makes: a newly liked song far from every centre (:data:`FAR_SPREAD` times the songs' usual
distance to their own centre) is counted, and when :data:`MIN_CENTRE_SONGS` such songs have
come the centres are regrouped from scratch, so a metal listener who starts loving piano gets a
piano centre without a restart. A regroup that makes no new centre doubles the count the next
needs, so scattered one-off songs cannot make every event a regroup. Such songs are no taste
(:mod:`engine.recommend.taste_groups`): members of their nearest centre that do not move it.

Affinities are kept relative to a reference time (``ref``): decay scales every song alike, so
order and shares need no rescaling as time passes.

Questions read a :meth:`Taste.snapshot` (events come on the player's thread while For you is
asked on another): its own copies of what an event changes, the space and what is derived from
it shared.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from engine.events.wire import PlayEvent
from engine.library.liked import LikeState
from engine.recommend.aspects import Aspects
from engine.recommend.centrality import Hubness
from engine.recommend.centre_cache import CentreCache
from engine.recommend.popularity import DAY, DEFAULT_HALF_LIFE_DAYS, decay_since, event_weight
from engine.recommend.taste_groups import MIN_CENTRE_SONGS, group_songs, weighted_spread

# A skip before this share of the song is a "no": such songs are never offered in For you.
EARLY_SKIP_FRACTION = 0.3
# A newly liked song is "far" beyond this many times the liked songs' mean squared distance to
# their centre (twice the usual distance): well outside every taste the listener has.
FAR_SPREAD = 4.0
# That usual distance is at least this share of the library's own spread, so a listener of a
# few songs of one album (spread near 0) does not call every next song of it far.
FAR_FLOOR_SHARE = 0.25


@dataclass(frozen=True, slots=True, eq=False)
class TasteCentre:
    """One group of songs a listener likes, in the audio space."""

    vector: np.ndarray  # (d,) standardised, weighted
    share: float  # this centre's part of the listener's positive affinity (centres sum to 1)
    members: tuple[str, ...]  # its songs, strongest affinity first


def is_early_skip(event: PlayEvent) -> bool:
    """A skip before :data:`EARLY_SKIP_FRACTION` of a song of known length."""
    return (
        event.type == "skip"
        and event.duration > 0
        and event.position / event.duration < EARLY_SKIP_FRACTION
    )


@dataclass
class SpaceDerived:
    """What questions compute from the space alone, when first asked, then keep: one holder
    shared by a taste, its snapshots and its one-centre tastes, so none computes it again."""

    norms: np.ndarray | None = None  # |z|² of every row
    hubs: Hubness | None = None
    aspects: Aspects | None = None
    # For you's cache of which rows are present songs (see foryou._present_mask).
    present: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    mask_source: object = None


@dataclass
class Taste:
    """One listener's affinities and taste centres over a fixed audio space.

    Parameters
    ----------
    ids : list of str, length n
        Track ids of the space's rows.
    space : np.ndarray, shape (n, d)
        Standardised, weighted vectors (the recommender's space).
    ref : float
        Unix seconds affinities are measured at.
    names : tuple of str, length d (or empty)
        Feature names of the space's columns: For you's final order compares songs group by
        group (:mod:`engine.recommend.aspects`); without them, all columns are one group.
    """

    ids: list[str]
    space: np.ndarray
    ref: float
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS
    affinity: dict[str, float] = field(default_factory=dict)
    last_played: dict[str, float] = field(default_factory=dict)
    # When each song was played to the end: the evidence "a song you play often" needs.
    completed: dict[str, list[float]] = field(default_factory=dict)
    early_skips: set[str] = field(default_factory=set)
    disliked: set[str] = field(default_factory=set)  # "not interested": never suggested
    likes: LikeState = field(default_factory=LikeState)  # hearted, not since unliked
    centres: list[TasteCentre] = field(default_factory=list)
    names: tuple[str, ...] = ()
    _row: dict[str, int] = field(default_factory=dict)
    _assigned: dict[str, int] = field(default_factory=dict)
    # Per centre: the positive affinity of the songs in its mean, and of all its members.
    _mass: list[float] = field(default_factory=list)
    _held: list[float] = field(default_factory=list)
    # Members in no centre's mean: one-offs far from every other liked song (taste_groups).
    _lone: set[str] = field(default_factory=set)
    _seen: set[str] = field(default_factory=set)
    # Newly liked songs far from every centre since the last regroup, and how many trigger one.
    _far: list[str] = field(default_factory=list)
    _far_needed: int = MIN_CENTRE_SONGS
    _radius2: float = 0.0  # the grouped songs' weighted mean squared distance to their centre
    derived: SpaceDerived = field(default_factory=SpaceDerived)
    # For you's work per centre, kept between queries (see engine.recommend.centre_cache).
    cache: CentreCache = field(default_factory=CentreCache)
    # A snapshot or a one-centre taste: for questions only, it takes no events.
    _frozen: bool = False

    def __post_init__(self) -> None:
        self._row = {tid: i for i, tid in enumerate(self.ids)}

    # --- building --------------------------------------------------------------------------
    @classmethod
    def build(
        cls,
        ids: list[str],
        space: np.ndarray,
        events: Iterable[PlayEvent],
        *,
        now: float,
        half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
        names: tuple[str, ...] = (),
    ) -> Taste:
        taste = cls(ids, np.asarray(space, dtype=np.float64), now, half_life_days)
        taste.names = tuple(names)
        for event in events:
            taste._absorb(event)
        taste.regroup()
        return taste

    def _absorb(self, event: PlayEvent) -> float:
        """Fold one event into affinity; returns the change (0 for a duplicate or a no-op)."""
        if event.event_id in self._seen:
            return 0.0
        self._seen.add(event.event_id)
        self.likes.add(event)
        tid = event.track_id
        if event.type in ("play", "complete"):
            self.last_played[tid] = max(self.last_played.get(tid, 0.0), event.timestamp)
        if event.type == "complete":
            # A new list, not appended to: a snapshot's shallow copy keeps the one it had.
            self.completed[tid] = [*self.completed.get(tid, ()), event.timestamp]
        if is_early_skip(event):
            self.early_skips.add(tid)
        elif event.type == "dislike":
            self.disliked.add(tid)
        elif event.type in ("complete", "like"):
            # Finishing or liking a song later takes an early skip or a "not interested" back.
            self.early_skips.discard(tid)
            if event.type == "like":
                self.disliked.discard(tid)
        weight = event_weight(event)
        if weight == 0.0:
            return 0.0
        delta = weight * decay_since(self.ref, event.timestamp, self.half_life_days)
        self.affinity[tid] = self.affinity.get(tid, 0.0) + delta
        return delta

    def regroup(self, *, seed: int = 0) -> None:
        """Recompute the centres from scratch (k-means over the positively liked songs; the
        one-offs among them join their nearest centre, outside its mean)."""
        liked = [t for t, a in self.affinity.items() if a > 0 and t in self._row]
        liked.sort(key=lambda t: (-self.affinity[t], t))
        # A centre the regroup gives again keeps its vector object, and so For you's kept
        # distances to it (engine.recommend.centre_cache): one-off songs leave every mean as it
        # was, so most regroups give the same centres.
        before = {c.vector.tobytes(): c.vector for c in self.centres}
        self.centres, self._assigned, self._far = [], {}, []
        self._mass, self._held, self._lone = [], [], set()
        if not liked:
            return
        x = self.space[[self._row[t] for t in liked]]
        w = np.array([self.affinity[t] for t in liked])
        grouping = group_songs(x, w, seed=seed)
        labels, placed = grouping.labels, ~grouping.lone
        total = float(w.sum())
        self._radius2 = weighted_spread(
            x[placed], w[placed], labels[placed], grouping.centres
        ) / float(w[placed].sum())
        for c, found in enumerate(grouping.centres):
            vector = before.get(found.tobytes(), found)
            mine = labels == c
            picked = tuple(t for t, m in zip(liked, mine, strict=True) if m)
            self._mass.append(float(w[mine & placed].sum()))
            self._held.append(float(w[mine].sum()))
            self.centres.append(TasteCentre(vector, self._held[c] / total, picked))
            self._assigned.update(dict.fromkeys(picked, c))
        self._lone = {t for t, lone in zip(liked, grouping.lone, strict=True) if lone}

    # --- incremental -----------------------------------------------------------------------
    def add(self, event: PlayEvent) -> None:
        """Fold in one new event: affinity, then the song's centre moves (no regrouping)."""
        if self._frozen:
            raise TypeError("a snapshot of a taste takes no events: add them to the taste")
        tid = event.track_id
        before = self.affinity.get(tid, 0.0)
        delta = self._absorb(event)
        if delta == 0.0 or tid not in self._row:
            return
        after = self.affinity[tid]
        if not self.centres:
            if after > 0:
                self.regroup()
            return
        z = self.space[self._row[tid]]
        c = self._assigned.get(tid)
        if c is None and after > 0:
            d2 = [float(np.sum((z - ct.vector) ** 2)) for ct in self.centres]
            c = int(np.argmin(d2))
            self._assigned[tid] = c
            if d2[c] > FAR_SPREAD * self._usual_radius2():
                # Outside every taste: a member of the nearest centre, in no mean, until a
                # regroup finds it a taste of its own.
                self._far.append(tid)
                self._lone.add(tid)
        if c is None:
            return
        gained = max(after, 0.0) - max(before, 0.0)
        old = self.centres[c]
        vector = old.vector  # the same object while it does not move: its distances are kept
        if tid not in self._lone:
            # Weighted running mean over the positive part of the song's affinity.
            mass = self._mass[c] + gained
            if mass > 0 and gained != 0:
                vector = old.vector + (z - old.vector) * (gained / mass)
            self._mass[c] = max(mass, 0.0)
        self._held[c] = max(self._held[c] + gained, 0.0)
        members = tuple(t for t in old.members if t != tid)
        if after > 0:
            members = tuple(sorted((*members, tid), key=lambda t: (-self.affinity[t], t)))
        else:
            self._assigned.pop(tid, None)
            self._lone.discard(tid)
        total = sum(self._held) or 1.0
        self.centres = [
            TasteCentre(vector, self._held[i] / total, members)
            if i == c
            else TasteCentre(ct.vector, self._held[i] / total, ct.members)
            for i, ct in enumerate(self.centres)
        ]
        if len(self._far) >= self._far_needed:
            self._regroup_for_new_taste()

    def _usual_radius2(self) -> float:
        """How far a liked song usually is from its centre (squared), with the library floor."""
        return max(self._radius2, FAR_FLOOR_SHARE * float(self.row_norms().mean()))

    def _regroup_for_new_taste(self) -> None:
        before = len(self.centres)
        self.regroup()
        # No new centre: those songs were not one taste. Wait for twice as many next time.
        grew = len(self.centres) > before
        self._far_needed = MIN_CENTRE_SONGS if grew else 2 * self._far_needed

    # --- questions -------------------------------------------------------------------------
    def row(self, track_id: str) -> int:
        return self._row[track_id]

    def row_norms(self) -> np.ndarray:
        """``|z|²`` of every row (computed once: the space does not change)."""
        if self.derived.norms is None:
            self.derived.norms = (self.space**2).sum(1)
        return self.derived.norms

    def hubness(self) -> Hubness:
        """How central each song is in the space (measured when first asked for, then kept)."""
        if self.derived.hubs is None:
            self.derived.hubs = Hubness(self.space)
        return self.derived.hubs

    def aspects(self) -> Aspects:
        """Group-by-group likeness in the space (measured when first asked for, then kept)."""
        if self.derived.aspects is None:
            self.derived.aspects = Aspects(self.space, self.names)
        return self.derived.aspects

    def snapshot(self) -> Taste:
        """The taste as it is now, for questions asked while events keep coming: copies of
        what :meth:`add` changes (affinities, plays, skips, likes, centres), sharing the space,
        :attr:`derived` and :attr:`cache` (entries are found by what they were computed from,
        so one computed on an older snapshot is never taken for a newer one's). Takes no
        events. Costs a copy of the listener's songs, not of the library."""
        view = copy.copy(self)
        view.affinity = dict(self.affinity)
        view.last_played = dict(self.last_played)
        view.completed = dict(self.completed)
        view.early_skips, view.disliked = set(self.early_skips), set(self.disliked)
        view.likes = self.likes.copy()
        view.centres = list(self.centres)
        view._frozen = True
        return view

    def only(self, centre: TasteCentre) -> Taste:
        """This listener with one taste centre only (its mix), sharing everything else: the
        space and its caches, the listener's plays, early skips and "not interested" songs (a
        mix offers none of them either). Takes no events: ask it of a :meth:`snapshot`."""
        solo = copy.copy(self)
        solo.centres = [centre]
        solo.cache = self.cache.sharing_distances()
        solo._frozen = True
        return solo

    @property
    def ids_set(self) -> Mapping[str, int]:
        return self._row

    def played_since(self, since: float) -> set[str]:
        return {t for t, ts in self.last_played.items() if ts >= since}

    def decayed(self, now: float) -> Mapping[str, float]:
        """Affinities as of ``now`` (for display and blending)."""
        factor = 0.5 ** ((now - self.ref) / (self.half_life_days * DAY))
        return {t: a * factor for t, a in self.affinity.items()}
