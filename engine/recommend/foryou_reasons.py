"""Why a For you song is there: the loved song nearest to it that is another song, in words."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from engine.library.same_song import same_song
from engine.models import Track
from engine.phrases import Phrase, phrase

# The reason when the only favourite near a song is that song itself (or another copy of it).
CLOSE_TO_TASTE = phrase("close_to_taste")


def nearest_other(
    track_id: str, favourites: Sequence[str], sims: np.ndarray, tracks: Mapping[str, Track]
) -> str | None:
    """The favourite nearest to ``track_id`` that is another song, which names the reason: a
    song is not "close to" itself, nor to its clip ("safe room theme — close to safe room
    theme")."""
    track = tracks.get(track_id)
    # Nearly always the nearest is another song: one argmax, not a sort (80 a centre a query).
    best = int(np.argmax(sims))
    if favourites[best] != track_id:
        other = tracks.get(favourites[best])
        if track is None or other is None or not same_song(track, other):
            return favourites[best]
    for column in np.argsort(-sims, kind="stable").tolist():
        favourite = favourites[column]
        other = tracks.get(favourite)
        if favourite == track_id or (
            track is not None and other is not None and same_song(track, other)
        ):
            continue
        return favourite
    return None


def closeness_reason(title: str, *, liked: bool, often: bool) -> Phrase:
    """Why a For you song is there: "love" only for a song hearted (and not unliked since);
    "play often" only with the evidence :func:`~engine.recommend.evidence.plays_often` asks
    for; otherwise just "a song you played"."""
    kind = "loved" if liked else "played" if often else "heard"
    return phrase(f"close_to_{kind}", title=title) if title else phrase(f"near_{kind}")
