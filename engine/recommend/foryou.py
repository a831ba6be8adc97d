"""For you: songs close to a listener's taste centres that they have not heard lately.

Each taste centre proposes songs near its members (an affinity-weighted soft maximum of the
hub-corrected similarities to them, :mod:`engine.recommend.near_members` and
:mod:`engine.recommend.centrality`, on the recommender's score scale); the lists are
interleaved in proportion to the centres' shares, at least one song per centre, so a listener
with two tastes sees both (:mod:`engine.recommend.foryou_lists`). Songs played in the last
``fresh_days``, skipped early, or marked "not interested" are never offered, and songs that
sound like those skipped or refused lose some of their score; at most ``per_source`` songs
share an artist or an album (lifted when those are unknown). Another copy of a song already in
the list or of one left out as heard lately, skipped or refused is the same song
(:mod:`engine.library.same_song`) and is never offered, and no song is "close to" itself: the
nearest favourite that is another song names the reason (:mod:`engine.recommend.foryou_reasons`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from engine.library.same_song import DistinctSongs
from engine.models import Track
from engine.recommend.evidence import plays_often
from engine.recommend.foryou_lists import diversify, interleave
from engine.recommend.foryou_reasons import CLOSE_TO_TASTE, closeness_reason, nearest_other
from engine.recommend.near_members import similarities, similarity_to_members, soft_nearest
from engine.recommend.popularity import DAY
from engine.recommend.suggestion import Suggestion
from engine.recommend.taste import Taste
from engine.recommend.votes import ServedLists

DEFAULT_FRESH_DAYS = 3.0
DEFAULT_PER_SOURCE = 2
# Songs per centre scored exactly: the rest are too far from the centre to win.
SHORTLIST = 2000
SCORE_FLOOR = 1e-6
MAX_MEMBERS = 200
# The diversity rule picks among this many times the wanted songs, never further down.
POOL_FACTOR = 4
# How much a song's likeness to songs the listener skipped at once counts against it.
SKIP_PENALTY = 0.5
# Songs per centre put in the final, aspect-by-aspect order (engine.recommend.aspects): the
# first order's best, where nearly every song that can make a list of 10 already is.
RERANK = 200
# What a centre's loved songs among the candidate's own nearest songs add to its score (all of
# them: this much), on top of the candidate being near them.
NEIGHBOUR_BONUS = 0.2
# What the loved songs' served lists add (engine.recommend.votes: all of them first in every
# list, this much), to the first VOTE_HEAD of a centre's final order: they break near-ties
# in For you's own order, never bring up a song from far down it.
VOTE_WEIGHT = 0.2
VOTE_HEAD = 60


def for_you(
    taste: Taste,
    tracks: Mapping[str, Track],
    *,
    now: float,
    k: int = 20,
    fresh_days: float = DEFAULT_FRESH_DAYS,
    hidden: frozenset[str] = frozenset(),
    per_source: int | None = DEFAULT_PER_SOURCE,
    title_of: Callable[[str], str] | None = None,
    others: Sequence[tuple[Sequence[Suggestion], float]] = (),
    served: ServedLists | None = None,
) -> list[Suggestion]:
    """The listener's For you list, best first; empty with no positive history.

    ``tracks`` are the present tracks that may be offered (others are never returned);
    ``others`` are further ``(suggestions, share)`` sources (listeners like you), interleaved
    with the taste centres under the same exclusions; ``served``: the recommender's lists,
    whose votes re-order the head of each centre's list (none: For you's own order).
    """
    if not taste.centres or k < 1:
        return []
    banned = (
        taste.played_since(now - fresh_days * DAY)
        | taste.early_skips
        | taste.disliked
        | set(hidden)
    )
    allowed = _present_mask(taste, tracks)
    banned_rows = [taste.row(t) for t in banned if t in taste.ids_set]
    if banned_rows:
        allowed[banned_rows] = False
    if not allowed.any():
        return []
    lists = [
        _centre_list(
            taste, index, allowed, tracks, title_of or (lambda _t: ""), k * POOL_FACTOR, served
        )
        for index in range(len(taste.centres))
    ]
    shares = [c.share for c in taste.centres]
    for suggestions, share in others:
        kept = [s for s in suggestions if s.track_id in tracks and s.track_id not in banned]
        if kept and share > 0:
            lists.append(kept)
            shares = [x * (1 - share) for x in shares] + [share]
    pool = interleave(lists, shares, k * POOL_FACTOR)
    return diversify(_new_songs(pool, tracks, banned), tracks, k, per_source)


def _new_songs(
    pool: Sequence[Suggestion], tracks: Mapping[str, Track], banned: set[str]
) -> list[Suggestion]:
    """``pool`` without the copies of a song left out (heard lately, skipped, refused) or of
    a song before it: the first copy stands for the song."""
    songs = DistinctSongs(tracks[t] for t in banned if t in tracks)
    return [s for s in pool if songs.admit(tracks[s.track_id])]


def _present_mask(taste: Taste, tracks: Mapping[str, Track]) -> np.ndarray:
    """Rows of the space that may be offered: a fresh copy of a mask kept per ``tracks``
    (the library's present songs change only when it is reloaded)."""
    derived = taste.derived
    if derived.mask_source is not tracks:  # held, so the identity check cannot be fooled
        derived.present = np.array([tid in tracks for tid in taste.ids], dtype=bool)
        derived.mask_source = tracks
    return derived.present.copy()


def _centre_list(
    taste: Taste,
    index: int,
    allowed: np.ndarray,
    tracks: Mapping[str, Track],
    title_of: Callable[[str], str],
    limit: int,
    served: ServedLists | None = None,
) -> list[Suggestion]:
    """The centre's best ``limit`` songs (no list gives the interleaving more than that)."""
    centre = taste.centres[index]
    # Squared distance to the centre for every row as one matrix-vector product (no (n, d)
    # temporary: at 100k songs that copy was most of a query's time).
    cache = taste.cache
    vector = centre.vector
    near = cache.near(vector, lambda: taste.row_norms() - 2.0 * (taste.space @ vector)).copy()
    near[~allowed] = np.inf
    n_allowed = int(allowed.sum())
    if n_allowed > SHORTLIST:
        rows = np.argpartition(near, SHORTLIST)[:SHORTLIST]
    else:
        rows = np.flatnonzero(allowed)
    z = taste.space[rows]
    # The centre's strongest favourites speak for it (a heavy listener's thousands would make
    # every query a large matrix product for little change in the ranking).
    favourites = centre.members[:MAX_MEMBERS]
    loved = np.array([taste.row(t) for t in favourites], dtype=np.intp)
    hubs = taste.hubness()
    weights = np.array([taste.affinity[t] for t in favourites])

    def first_order() -> tuple[np.ndarray, np.ndarray]:
        norms = taste.row_norms()
        sims = similarities(z, taste.space[loved], norms[rows], norms[loved])
        sims -= hubs.half_excess(loved)[None, :]
        # The candidate's own part is the same for every loved song: taken off the soft max.
        first = np.clip(soft_nearest(sims, weights) - hubs.half_excess(rows), SCORE_FLOOR, 1.0)
        return sims, first

    sims, first = cache.scored((index, "first"), favourites, weights, rows, first_order)
    penalty = np.zeros(len(rows))
    skipped = [
        taste.row(t) for t in sorted(taste.early_skips | taste.disliked) if t in taste.ids_set
    ]
    if skipped:
        # Songs nearer than usual to songs skipped at once lose part of the difference.
        against = similarity_to_members(z, taste.space[skipped])
        penalty = SKIP_PENALTY * np.maximum(against - np.median(against), 0.0)
    # The first order's best are put in the final, aspect-by-aspect order.
    head = np.argsort(-(first - penalty), kind="stable")[: max(RERANK, limit)]
    scores = np.full(len(rows), -np.inf)
    (final,) = cache.scored(
        (index, "final"),
        favourites,
        weights,
        rows[head],
        lambda: (_final_scores(taste, rows[head], loved, weights),),
    )
    scores[head] = final - penalty[head]
    order = head[np.argsort(-scores[head], kind="stable")]
    if served is not None:
        order = _by_votes(taste, rows, order, scores, favourites, served)
    order = order[:limit]
    result = []
    for i in order:
        tid = taste.ids[int(rows[i])]
        favourite = nearest_other(tid, favourites, sims[i], tracks)
        if favourite is None:
            result.append(Suggestion(tid, min(float(scores[i]), 1.0), CLOSE_TO_TASTE, index))
            continue
        reason = closeness_reason(
            title_of(favourite),
            liked=taste.likes.is_liked(favourite),
            often=plays_often(taste.completed.get(favourite, ())),
        )
        result.append(Suggestion(tid, min(float(scores[i]), 1.0), reason, index))
    return result


def _by_votes(
    taste: Taste,
    rows: np.ndarray,
    order: np.ndarray,
    scores: np.ndarray,
    favourites: Sequence[str],
    served: ServedLists,
) -> np.ndarray:
    """``order`` (indices into ``rows``, best first) with its first :data:`VOTE_HEAD`
    re-ordered by score plus :data:`VOTE_WEIGHT` times the votes of the centre's
    ``favourites``' served lists; ``scores`` gain the votes in place. Those songs all scored
    at least the next one's score already, so the order and the scores still agree."""
    head = order[:VOTE_HEAD]
    candidates = [taste.ids[int(rows[i])] for i in head]
    scores[head] += VOTE_WEIGHT * served.votes_for(candidates, favourites, taste.affinity)
    return np.concatenate([head[np.argsort(-scores[head], kind="stable")], order[VOTE_HEAD:]])


def _final_scores(
    taste: Taste, rows: np.ndarray, loved: np.ndarray, weights: np.ndarray
) -> np.ndarray:
    """For you's final score of ``rows`` (m,) for a centre's ``loved`` rows (p,) of affinity
    ``weights``: the soft maximum of their aspect-by-aspect likeness, plus
    :data:`NEIGHBOUR_BONUS` times the affinity share of those loved songs that are among the
    candidate's own nearest songs (:meth:`Aspects.threshold`): a song close to several loved
    songs *and* whose neighbourhood they are part of ranks first. Clipped to (0, 1]."""
    aspects = taste.aspects()
    likeness = aspects.likeness(rows, loved)
    near = likeness >= aspects.threshold(rows)[:, None]
    bonus = NEIGHBOUR_BONUS * (near @ weights) / weights.sum()
    return np.clip(soft_nearest(likeness, weights) + bonus, SCORE_FLOOR, 1.0)
