"""Saving any list the listener sees (a mix, the queue, a radio, recommendations) as a playlist.

The name asked for is kept when free; otherwise "NAME (2)", "NAME (3)" … so saving the same mix
twice never fails or overwrites the first copy.
"""

from __future__ import annotations

from collections.abc import Sequence

from engine.models import Playlist
from engine.stores.protocol import Store
from engine.stores.values import MAX_PLAYLIST_NAME, playlist_name


def save_as_playlist(store: Store, name: str, track_ids: Sequence[str]) -> Playlist:
    base = playlist_name(name)
    taken = {p.name for p in store.playlists()}
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        suffix = f" ({n})"
        candidate = base[: MAX_PLAYLIST_NAME - len(suffix)] + suffix
    return store.create_playlist(candidate, list(track_ids))
