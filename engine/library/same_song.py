"""When two tracks are the same song, as one rule for every list that must not offer a song
twice (what next, radio, For you, "Because you …", the mixes, Home's recently played).

Two tracks are the same song when both carry a tagged artist and a title and these match once
accents, case and runs of spaces are set aside (the folding names are matched by,
:func:`engine.library.ordering.sort_key`): a 30 s clip and its full track, or one album
imported twice. A track whose artist is unknown is never merged with another: its title is
usually the file's name, and guessing sameness from sound would merge a cover with the
original or two takes a listener may want both of.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from engine.library.ordering import sort_key
from engine.models import UNKNOWN_ARTIST, Track

SongKey = tuple[str, str]
T = TypeVar("T")


def _fold(text: str) -> str:
    return sort_key(" ".join(text.split()))[0]


def song_key(track: Track) -> SongKey | None:
    """``(title, artist)`` folded, or ``None`` when the tags cannot say (never merged)."""
    artist = _fold(track.artist) if track.artist != UNKNOWN_ARTIST else ""
    title = _fold(track.title)
    if not artist or not title:
        return None
    return title, artist


def same_song(a: Track, b: Track) -> bool:
    """One track, or two copies of one tagged song."""
    if a.track_id == b.track_id:
        return True
    key = song_key(a)
    return key is not None and key == song_key(b)


class DistinctSongs:
    """Songs already in a list (its seeds first): :meth:`admit` takes a track only when it is
    not one of them, so the first (best) copy of a song wins."""

    def __init__(self, seeds: Iterable[Track] = ()) -> None:
        self._ids: set[str] = set()
        self._keys: set[SongKey] = set()
        for seed in seeds:
            self.add(seed)

    def add(self, track: Track) -> None:
        self._ids.add(track.track_id)
        key = song_key(track)
        if key is not None:
            self._keys.add(key)

    def holds(self, track: Track) -> bool:
        if track.track_id in self._ids:
            return True
        key = song_key(track)
        return key is not None and key in self._keys

    def admit(self, track: Track) -> bool:
        """``True`` (and remembered) for a song not in the list yet."""
        if self.holds(track):
            return False
        self.add(track)
        return True


def distinct(
    items: Sequence[T], track_of: Callable[[T], Track], seeds: Iterable[Track] = ()
) -> list[T]:
    """``items`` in order without copies of the seeds or of an earlier item."""
    songs = DistinctSongs(seeds)
    return [item for item in items if songs.admit(track_of(item))]
