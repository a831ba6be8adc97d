"""Playlists in and out of M3U files, against the library in a store.

Shared by ``encore playlist import/export`` and the desktop: an entry whose file is not in the
library is reported as ``FILE:LINE: reason`` and skipped, never fatal. The reason tells a file
that is not on disk ("no such file": the playlist is stale or from another machine) from one that
is there but was never imported ("not in the library": importing its folder would fix it).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from engine.errors import PlaylistError
from engine.library.m3u import (
    M3UError,
    M3UItem,
    M3UProblem,
    format_m3u,
    read_m3u,
    write_m3u,
)
from engine.library.track_refs import find_file
from engine.models import UNKNOWN_ARTIST, Playlist
from engine.stores.protocol import Store

MAX_COPIES = 1000  # "name (1000)" at most; past it the store refuses the name as taken


@dataclass(slots=True)
class ImportResult:
    playlist: Playlist | None  # None: no entry is in the library, so none was made
    problems: list[str]  # FILE:LINE: reason, in line order
    read: int  # locations in the file


def import_m3u(
    store: Store, file: str | os.PathLike[str], *, name: str | None = None
) -> ImportResult:
    """Create a playlist (named ``name``, default the file's name) from an M3U/M3U8 file —
    unless none of its entries is in the library: an empty playlist would only look imported.

    Raises
    ------
    PlaylistError
        The file is no playlist (:class:`~engine.library.m3u.M3UError`), or ``name`` is taken
        (without it the file's name is used, numbered when taken).
    """
    parsed = read_m3u(file)
    if not parsed.entries and not parsed.problems:
        # Nothing in it but blanks or comments (a 0-byte file): saying "none of its songs is in
        # the library" sent the listener looking for songs the file never named.
        raise M3UError(f"{os.fspath(file)}: lists no songs (an empty playlist file)")
    problems = list(parsed.problems)
    ids: list[str] = []
    for entry in parsed.entries:
        track = find_file(store, entry.path)
        windows = _windows_reading(entry.path)
        if track is None and windows is not None:
            track = find_file(store, windows)
        if track is None:
            shown = entry.path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            why = "not in the library" if _on_disk(entry.path, windows) else "no such file"
            problems.append(M3UProblem(entry.line, f"{shown}: {why}"))
        else:
            ids.append(track.track_id)
    stem = Path(os.fspath(file)).stem.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    if ids:
        playlist = store.create_playlist(name if name is not None else _free_name(store, stem), ids)
    else:
        playlist = None
    problems.sort(key=lambda p: p.line)
    return ImportResult(
        playlist, [p.text(file) for p in problems], len(parsed.entries) + len(parsed.problems)
    )


def _on_disk(path: str, windows: str | None) -> bool:
    """Whether the entry names an existing file, read as written or as Windows text."""
    return os.path.exists(path) or (windows is not None and os.path.exists(windows))


def _windows_reading(path: str) -> str | None:
    """``path`` read as Windows text (cp1252, else Latin-1) when it holds bytes that are not
    UTF-8, else None. A playlist written on Windows names "Café.mp3" in cp1252, while the
    file's name here is UTF-8: read as UTF-8 it named a file that is not there."""
    raw = path.encode("utf-8", "surrogateescape")
    try:
        raw.decode("utf-8")
        return None
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined
        return raw.decode("latin-1")


def _free_name(store: Store, stem: str) -> str:
    """The file's name, or "name (2)", "(3)"… when a playlist has it: importing a file again
    (or one named like a list made here) makes a second list, as other players do — refusing
    left the listener to rename a playlist first. A name given on purpose is not changed."""
    wanted = stem.strip()
    candidate, number = wanted, 1
    while store.get_playlist(candidate) is not None and number < MAX_COPIES:
        number += 1
        candidate = f"{wanted} ({number})"
    return candidate


def export_m3u(
    store: Store, name: str, file: str | os.PathLike[str], *, relative: bool = False
) -> tuple[int, list[str]]:
    """Write playlist ``name`` as extended M3U (UTF-8) to ``file``.

    Returns ``(entries written, one line per entry left out)``.
    """
    playlist = store.get_playlist(name)
    if playlist is None:
        raise PlaylistError(f"no playlist named {name.strip()!r}")
    tracks = store.get_tracks(list(dict.fromkeys(playlist.track_ids)))
    items: list[M3UItem] = []
    skipped: list[str] = []
    for tid in playlist.track_ids:
        track = tracks.get(tid)
        if track is None:
            skipped.append(f"track {tid}: no longer in the library")
        else:
            # The store's stand-in for a missing tag is no artist: a player reading the file
            # would show "Unknown artist" as a name.
            artist = "" if track.artist == UNKNOWN_ARTIST else track.artist
            items.append(M3UItem(track.path, artist, track.title, track.duration))
    folder = os.path.dirname(os.path.abspath(os.fspath(file)))
    data, unwritable = format_m3u(items, relative_to=folder if relative else None)
    write_m3u(file, data)
    return len(items) - len(unwritable), skipped + unwritable
