"""How a person names a track: the one rule for ``PATH_OR_ID`` on the command line and for the
file names an M3U playlist lists.

A file name matches a library track as written, made absolute (``~`` expanded) or with its
symlinks resolved; a name copied from ``--json`` output may carry ``\\xNN`` escapes
(:mod:`engine.library.paths`). On the command line an id, or a unique prefix of one, works too.
"""

from __future__ import annotations

import os

from engine.library.paths import path_candidates
from engine.models import Track
from engine.stores.protocol import Store

# Shortest id prefix accepted (``encore tracks`` prints 12 characters), when only one id
# starts so.
MIN_PREFIX = 6


def find_file(store: Store, path: str) -> Track | None:
    """The library's track for a file name, as written, absolute, or with symlinks resolved."""
    for candidate in dict.fromkeys(
        (path, os.path.abspath(os.path.expanduser(path)), os.path.realpath(path))
    ):
        track = store.find_by_path(candidate)
        if track is not None:
            return track
    return None


def resolve_track(store: Store, ref: str) -> Track | None:
    """A track by id, by file name (:func:`find_file`, escapes undone) or by id prefix."""
    track = store.get_track(ref)
    if track is not None:
        return track
    for typed in path_candidates(ref):
        track = find_file(store, typed)
        if track is not None:
            return track
    if len(ref) >= MIN_PREFIX and os.sep not in ref:
        matches = [t for t in store.iter_tracks() if t.track_id.startswith(ref)]
        if len(matches) == 1:
            return matches[0]
    return None
