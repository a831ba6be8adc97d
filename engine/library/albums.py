"""Albums and artists of a library: the one grouping rule (the desktop's grid, the CLI).

Input is the store's plain rows (``Store.track_rows``, ``Track`` field order), so 100k tracks
group without building a ``Track`` each.

- An album is keyed by its album artist (else the track artist) and its title, both compared
  by :func:`~engine.library.ids.normalise` ("The Band" and "the  band" are one).
- Tracks without an album artist that share an album title and a folder but not an artist are
  one compilation by "Various artists", not one album per guest. A song by "Unknown artist"
  is no guest: beside one known artist it is that artist's (the untagged track of a tagged
  album), and it never makes an album a compilation. Nor is a spelling that differs only in
  accents or case: the album is by the spelling most of its tracks use. Its title is spelt as
  a tag spells it, rather than as the folder an untagged song took it from.
- Artists are the album artists and the track artists of songs on others' albums: each guest
  of a compilation has a page (their songs, and the albums they appear on), so "Go to artist"
  opens the song's artist rather than "Various artists".
- Songs with no album ("Unknown album") form one "Unknown album" per artist, after that
  artist's real albums.
- Tracks run in disc, then track order; a missing disc number is disc 1, a missing track
  number comes after the numbered ones (then title, then path).
- Names are ordered by a collation (:mod:`engine.library.ordering`): the desktop passes ICU's,
  the CLI the Qt-free :func:`~engine.library.ordering.fold_ranks`.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from engine.library.ids import normalise
from engine.library.ordering import Collate, fold_ranks, rank_table, sort_key
from engine.models import UNKNOWN_ALBUM, UNKNOWN_ARTIST, row_positions

Row = tuple  # a store row in Track field order

VARIOUS_ARTISTS = "Various artists"
(ID, PATH, TITLE, ARTIST, ALBUM, ALBUM_ARTIST, TRACK_NO, DISC_NO, YEAR, DURATION, COVER, MTIME) = (
    row_positions(
        "track_id",
        "path",
        "title",
        "artist",
        "album",
        "album_artist",
        "track_no",
        "disc_no",
        "year",
        "duration",
        "has_cover",
        "mtime_ns",
    )
)
_SEP = "\x1f"  # between the artist and album parts of a key: never in normalised tag text


@dataclass(frozen=True, slots=True)
class Album:
    key: str  # stable across runs: normalised artist + album
    title: str
    artist: str  # the album artist, the track artist, or "Various artists"
    year: int | None
    rows: tuple[Row, ...]  # in disc/track order

    @property
    def artist_key(self) -> str:
        return self.key.split(_SEP, 1)[0]

    @property
    def unknown(self) -> bool:
        return self.key.endswith(_SEP)

    @property
    def track_ids(self) -> list[str]:
        return [r[ID] for r in self.rows]

    @property
    def duration(self) -> float:
        return float(sum(r[DURATION] or 0.0 for r in self.rows))

    @property
    def cover_source(self) -> str:
        """The track whose cover stands for the album: the first with an embedded picture,
        else the first track (its folder's image is the album's)."""
        for row in self.rows:
            if row[COVER]:
                return row[PATH]
        return self.rows[0][PATH]

    @property
    def mtime_ns(self) -> int:
        """The newest file of the album: a re-tagged file changes the album's cover key."""
        return max(int(r[MTIME] or 0) for r in self.rows)


@dataclass(frozen=True, slots=True)
class Artist:
    key: str
    name: str
    albums: tuple[Album, ...]  # in grid order: the albums they are the album artist of
    guest_rows: tuple[Row, ...] = ()  # their songs on others' albums (a compilation's guest)
    appears_on: tuple[Album, ...] = ()  # the albums of those songs, in grid order

    @property
    def track_count(self) -> int:
        return sum(len(a.rows) for a in self.albums) + len(self.guest_rows)


def _known(text: str, unknown: str) -> str:
    text = " ".join(text.split())
    return "" if not text or text == unknown else text


def _track_order(titles: Mapping[str, int]) -> Callable[[Row], tuple]:
    def key(row: Row) -> tuple:
        track = row[TRACK_NO]
        return (row[DISC_NO] or 1, track is None, track or 0, titles[str(row[TITLE])], row[PATH])

    return key


def artist_key(name: str) -> str:
    """The key of the artist called ``name`` (an :attr:`Artist.key`, an album key's first part)."""
    return normalise(name)


def album_order(found: Sequence[Album], collate: Collate) -> Callable[[Album], tuple]:
    """Grid order of ``found``: by artist (Unknown artist last), then title (Unknown album
    last), names compared by ``collate``."""
    names = rank_table([a.artist for a in found] + [a.title for a in found], collate)

    def key(album: Album) -> tuple:
        return (
            album.artist == UNKNOWN_ARTIST,
            names[album.artist],
            album.unknown,
            names[album.title],
            album.key,
        )

    return key


class _Names:
    """Tag text cleaned and normalised once per distinct string (100k rows share ~10k)."""

    def __init__(self) -> None:
        self._known: dict[tuple[object, str], str] = {}
        self._norm: dict[str, str] = {}

    def known(self, text: object, unknown: str) -> str:
        found = self._known.get((text, unknown))
        if found is None:
            found = self._known[(text, unknown)] = _known(str(text or ""), unknown)
        return found

    def norm(self, text: str) -> str:
        found = self._norm.get(text)
        if found is None:
            found = self._norm[text] = normalise(text)
        return found


def albums(rows: Iterable[Row], collate: Collate = fold_ranks) -> list[Album]:
    """Every album of ``rows``, in grid order (:func:`album_order`)."""
    names = _Names()
    # (row, title, album artist, track artist, folder) for each row, read once.
    read = [
        (
            row,
            names.known(row[ALBUM], UNKNOWN_ALBUM),
            names.known(row[ALBUM_ARTIST], ""),
            names.known(row[ARTIST], UNKNOWN_ARTIST) or UNKNOWN_ARTIST,
            row[PATH].rpartition(os.sep)[0],
        )
        for row in rows
    ]
    # (album, folder) places, for tracks without an album artist: the known artists there,
    # accents aside ("Àlex" on one track of Alex's album is no second artist).
    guests: dict[tuple[str, str], dict[str, Counter[str]]] = {}
    for _row, title, album_artist, artist, folder in read:
        if title and not album_artist and artist != UNKNOWN_ARTIST:
            who = guests.setdefault((names.norm(title), folder), {})
            who.setdefault(sort_key(artist)[0], Counter())[artist] += 1
    various = {place for place, who in guests.items() if len(who) > 1}
    sole = {  # the spelling most of the album's tracks use
        place: next(iter(who.values())).most_common(1)[0][0]
        for place, who in guests.items()
        if len(who) == 1
    }
    groups: dict[str, list[Row]] = {}
    first: dict[str, tuple[str, str]] = {}  # key -> (artist, title) as first seen
    tagged: set[str] = set()  # keys whose title was read from a tag, not a folder name
    for row, title, album_artist, artist, folder in read:
        if album_artist:
            artist = album_artist
        elif title and (names.norm(title), folder) in various:
            artist = VARIOUS_ARTISTS
        elif title:
            artist = sole.get((names.norm(title), folder), artist)
        key = f"{names.norm(artist)}{_SEP}{names.norm(title)}"
        groups.setdefault(key, []).append(row)
        # An untagged song's album is its folder's name ("megaglest"): the tagged songs of the
        # same album spell it ("MegaGlest"), and their spelling is the album's.
        from_tag = title != folder.rpartition(os.sep)[2].replace("_", " ")
        if key not in first or (from_tag and key not in tagged):
            first[key] = (artist, title or UNKNOWN_ALBUM)
        if from_tag:
            tagged.add(key)
    found = []
    by_track = _track_order(rank_table([r[0][TITLE] for r in read], collate))
    for key, members in groups.items():
        members.sort(key=by_track)
        years = [r[YEAR] for r in members if r[YEAR]]
        artist, title = first[key]
        found.append(Album(key, title, artist, min(years) if years else None, tuple(members)))
    found.sort(key=album_order(found, collate))
    return found


def artists(all_albums: Iterable[Album], collate: Collate = fold_ranks) -> list[Artist]:
    """The album artists of ``all_albums`` and the track artists of songs on others' albums
    (each guest of a compilation has a page, as in a player's Artist view), by name (Unknown
    artist last), albums in order."""
    every = list(all_albums)
    by_album = album_order(every, collate)
    grouped: dict[str, list[Album]] = {}
    for album in every:
        grouped.setdefault(album.artist_key, []).append(album)
    names = _Names()
    guests: dict[str, list[Row]] = {}
    hosts: dict[str, dict[str, Album]] = {}  # a guest's key -> the albums they appear on
    spelt: dict[str, str] = {}  # a guest's name as first seen
    for album in every:
        folded = _folded(album.artist)  # "Àlex" on Alex's album is no guest (albums())
        for row in album.rows:
            name = names.known(row[ARTIST], UNKNOWN_ARTIST)
            key = names.norm(name) if name else ""
            if key and key != album.artist_key and _folded(name) != folded:
                guests.setdefault(key, []).append(row)
                hosts.setdefault(key, {})[album.key] = album
                spelt.setdefault(key, name)

    def appears_on(key: str) -> tuple[Album, ...]:
        return tuple(sorted(hosts.pop(key, {}).values(), key=by_album))

    found = [
        Artist(
            key,
            members[0].artist,
            tuple(sorted(members, key=by_album)),
            tuple(guests.pop(key, ())),
            appears_on(key),
        )
        for key, members in grouped.items()
    ]
    found += [
        Artist(key, spelt[key], (), tuple(rows), appears_on(key)) for key, rows in guests.items()
    ]
    ranks = rank_table([a.name for a in found], collate)
    found.sort(key=lambda a: (a.name == UNKNOWN_ARTIST, ranks[a.name], a.key))
    return found


@cache
def _folded(name: str) -> str:
    """``name`` accents and case aside, once per distinct name (100k rows share ~10k)."""
    return sort_key(name)[0]


def artist_rows(artist: Artist, rows: Iterable[Row]) -> list[Row]:
    """Every song by ``artist``: its albums' tracks, and its songs on others' albums
    (a guest spot on a compilation), each once, in album order."""
    seen: set[str] = set()
    found: list[Row] = []
    for album in artist.albums:
        for row in album.rows:
            seen.add(row[ID])
            found.append(row)
    names = _Names()
    for row in rows:
        if row[ID] not in seen and names.norm(str(row[ARTIST] or "")) == artist.key:
            seen.add(row[ID])
            found.append(row)
    return found


def top_songs(songs: Sequence[Row], plays: Mapping[str, int], limit: int = 10) -> list[Row]:
    """The most played of ``songs`` (counts from :func:`engine.listening.play_counts`); ties
    keep the order given, and a song never played is not a top song."""
    played = [(i, r) for i, r in enumerate(songs) if plays.get(r[ID], 0) > 0]
    played.sort(key=lambda item: (-plays[item[1][ID]], item[0]))
    return [r for _i, r in played[:limit]]
