"""Home's shaping: popular songs, recently played (one copy of each song), mixes — the same
rules as ``encore popular`` and ``encore mixes``, read once per visit from the popularity
horizon.

Tracks whose files vanished stay in the history but are never offered for playing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from engine import listening
from engine.context import Context
from engine.events.wire import PlayEvent
from engine.library.same_song import DistinctSongs
from engine.library_ops.steps import popularity
from engine.models import Recommendation, Track
from engine.recommend.personal import BecauseRow, Personal, YourMix
from engine.recommend.popular import Mix, horizon_events, mixes, popular_tracks
from engine.recommend.popularity import popularity_scores

HOME_LIMIT = 8
HOME_MIXES = 6
HOME_MIX_SONGS = 4
HOME_FOR_YOU = 12


@dataclass(frozen=True, slots=True)
class RecentTrack:
    track: Track
    last_played: float  # unix seconds of the latest start
    plays: int  # plays within the horizon, by engine.listening.counts_as_play


@dataclass(frozen=True, slots=True)
class HomeTrack:
    """A popular song with its plays (within the horizon) for Home to show."""

    track: Track
    score: float
    plays: int


@dataclass(slots=True)
class Home:
    has_history: bool
    popular: list[HomeTrack] = field(default_factory=list)
    recent: list[RecentTrack] = field(default_factory=list)
    mixes: list[Mix] = field(default_factory=list)
    # The listener's own rows (empty without a listener or without history).
    for_you: list[Recommendation] = field(default_factory=list)
    because: list[BecauseRow] = field(default_factory=list)
    your_mixes: list[YourMix] = field(default_factory=list)


def recently_played(events: Iterable[PlayEvent], *, limit: int) -> list[tuple[str, float]]:
    """``(track_id, latest start)`` of the most recently started tracks, newest first."""
    latest: dict[str, float] = {}
    for event in events:
        if event.type == "play" and event.timestamp >= latest.get(event.track_id, -1.0):
            latest[event.track_id] = event.timestamp
    return sorted(latest.items(), key=lambda item: (-item[1], item[0]))[:limit]


def _recent_songs(
    ctx: Context, events: list[PlayEvent], plays: dict[str, int], *, limit: int
) -> list[RecentTrack]:
    """The ``limit`` songs started last, one copy of each song (the one started last,
    :mod:`engine.library.same_song`), never a track whose file vanished."""
    recent = recently_played(events, limit=len(events))
    songs = DistinctSongs()
    shown: list[RecentTrack] = []
    # Tracks are read a page at a time: copies and vanished files shorten a page, and the
    # whole history is rarely needed.
    for start in range(0, len(recent), 2 * limit):
        page = recent[start : start + 2 * limit]
        tracks = ctx.store.get_tracks([tid for tid, _ in page])
        for tid, when in page:
            track = tracks.get(tid)
            if track is not None and track.status == "ok" and songs.admit(track):
                shown.append(RecentTrack(track, when, plays.get(tid, 0)))
                if len(shown) == limit:
                    return shown
    return shown


def home(
    ctx: Context,
    *,
    limit: int = HOME_LIMIT,
    n_mixes: int = HOME_MIXES,
    per_mix: int = HOME_MIX_SONGS,
    now: float | None = None,
    listener: Personal | None = None,
    recommend: Callable[[str, int], list[Recommendation]] | None = None,
) -> Home:
    """Everything Home shows, from one read of the events within the popularity horizon, plus
    the ``listener``'s For you, "Because you …" rows (through ``recommend``) and their mixes."""
    now = time.time() if now is None else now
    events = horizon_events(ctx.event_log, now=now)
    scores = popularity_scores(events, now=now)
    data = Home(has_history=bool(events))
    if events:
        plays = listening.play_counts(events)
        data.popular = [
            HomeTrack(p.track, p.score, plays.get(p.track.track_id, 0))
            for p in popular_tracks(ctx.store, scores, plays=plays, limit=limit)
        ]
        data.recent = _recent_songs(ctx, events, plays, limit=limit)
    data.mixes = mixes(ctx.store, scores, per_mix=per_mix)[:n_mixes]
    if listener is not None and events:
        data.for_you = listener.for_you(HOME_FOR_YOU)
        data.your_mixes = listener.your_mixes()
        if recommend is not None:
            data.because = listener.because(recommend, k=limit)
    return data


def library_mixes(ctx: Context, *, per_mix: int = 5) -> list[Mix]:
    """Every mix of the active run, each opening with its members' most popular songs."""
    return mixes(ctx.store, popularity(ctx), per_mix=per_mix)


def play_counts(ctx: Context) -> dict[str, int]:
    """Every track's plays ever (the library's Plays column), by
    :func:`engine.listening.counts_as_play`."""
    return listening.play_counts(ctx.event_log.iter_events())
