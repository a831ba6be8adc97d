"""Putting For you's list together: the centres' lists interleaved by their shares, then at
most so many songs per artist and per album."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from engine.models import UNKNOWN_ALBUM, UNKNOWN_ARTIST, Track
from engine.recommend.suggestion import Suggestion


def interleave(
    lists: Sequence[list[Suggestion]], shares: Sequence[float], k: int
) -> list[Suggestion]:
    """Take from each centre's list in proportion to its share: the centre furthest below its
    share of what has been picked goes next."""
    positions = [0] * len(lists)
    taken = [0] * len(lists)
    picked: list[Suggestion] = []
    seen: set[str] = set()
    while len(picked) < k:
        live = [i for i, lst in enumerate(lists) if positions[i] < len(lst)]
        if not live:
            break
        total = len(picked) + 1
        c = max(live, key=lambda i: (shares[i] * total - taken[i], shares[i], -i))
        suggestion = lists[c][positions[c]]
        positions[c] += 1
        if suggestion.track_id not in seen:
            seen.add(suggestion.track_id)
            taken[c] += 1
            picked.append(suggestion)
    return picked


def diversify(
    pool: Sequence[Suggestion], tracks: Mapping[str, Track], k: int, per_source: int | None
) -> list[Suggestion]:
    """The first ``k`` of ``pool`` with at most ``per_source`` per known artist and album; the
    songs held back fill the list only when the pool has too few others."""
    if per_source is None:
        return list(pool[:k])
    picked: list[Suggestion] = []
    held_back: list[Suggestion] = []
    per_artist: dict[str, int] = {}
    per_album: dict[tuple[str, str], int] = {}
    for suggestion in pool:
        if len(picked) >= k:
            break
        track = tracks[suggestion.track_id]
        artist = track.artist if track.artist != UNKNOWN_ARTIST else ""
        album = (
            (track.album_artist or track.artist, track.album)
            if track.album != UNKNOWN_ALBUM
            else None
        )
        if (artist and per_artist.get(artist, 0) >= per_source) or (
            album and per_album.get(album, 0) >= per_source
        ):
            held_back.append(suggestion)
            continue
        if artist:
            per_artist[artist] = per_artist.get(artist, 0) + 1
        if album:
            per_album[album] = per_album.get(album, 0) + 1
        picked.append(suggestion)
    return picked + held_back[: k - len(picked)]
