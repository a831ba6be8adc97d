"""How values cross into a database and back, the same for every store: file names that are
not UTF-8, training params holding numpy values, id lists too long for one query, and the
rule for playlist names."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from typing import TypeVar

import numpy as np

from engine.errors import PlaylistError

T = TypeVar("T")


def stored_path(path: str) -> str | bytes:
    """A path as a database can hold it: SQLite text and BSON strings must be UTF-8, so a file
    name that is not (surrogate-escaped in Python) goes in as its raw bytes."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path)
    return path


def valid_ids(track_ids: Sequence[str]) -> list[str]:
    """The ids a store can hold: an id typed on the command line may carry surrogate escapes
    (a file name that is not UTF-8), which no database text can match, nor even encode."""
    valid = []
    for track_id in track_ids:
        try:
            track_id.encode("utf-8")
        except UnicodeEncodeError:
            continue
        valid.append(track_id)
    return valid


def loaded_path(value: str | bytes) -> str:
    """The inverse of :func:`stored_path`."""
    return os.fsdecode(value) if isinstance(value, bytes) else value


def chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    """Consecutive slices of at most ``size`` items."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def json_default(value: object) -> object:
    """``json.dumps(default=...)`` for training params: numpy scalars become numbers and arrays
    lists, so both stores keep the same params."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


MAX_PLAYLIST_NAME = 200


def playlist_name(name: object) -> str:
    """A playlist name as stored (surrounding blanks dropped), or :class:`PlaylistError`."""
    if not isinstance(name, str):
        raise PlaylistError(f"a playlist name must be text, not {type(name).__name__}")
    clean = name.strip()
    if not clean:
        raise PlaylistError("a playlist name cannot be empty")
    if len(clean) > MAX_PLAYLIST_NAME:
        raise PlaylistError(f"a playlist name is at most {MAX_PLAYLIST_NAME} characters")
    if any(ord(c) < 32 or ord(c) == 127 for c in clean):
        raise PlaylistError(f"a playlist name cannot hold control characters: {clean!r}")
    try:
        clean.encode("utf-8")
    except UnicodeEncodeError:
        raise PlaylistError(f"a playlist name must be valid text: {clean!r}") from None
    return clean
