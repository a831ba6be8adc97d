"""Playlists in the MongoDB store: one document per playlist (name, track ids in order), so
every change is one single-document update, atomic without transactions."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from pymongo import ASCENDING, ReturnDocument
from pymongo.collection import Collection
from pymongo.errors import DuplicateKeyError

from engine.errors import PlaylistError
from engine.models import Playlist
from engine.stores.mongo.core import MongoCore, translated
from engine.stores.mongo_schema import PLAYLISTS
from engine.stores.playlist_edits import without
from engine.stores.values import playlist_name


class MongoPlaylists(MongoCore):
    @property
    def _playlists(self) -> Collection:
        return self._db[PLAYLISTS]

    @translated
    def playlists(self) -> list[Playlist]:
        return [_playlist(d) for d in self._playlists.find().sort("name", ASCENDING)]

    @translated
    def get_playlist(self, name: str) -> Playlist | None:
        doc = self._playlists.find_one({"name": playlist_name(name)})
        return None if doc is None else _playlist(doc)

    @translated
    def create_playlist(self, name: str, track_ids: Sequence[str] = ()) -> Playlist:
        clean = playlist_name(name)
        now = time.time()
        doc = {
            "_id": uuid.uuid4().hex,
            "name": clean,
            "tracks": [str(t) for t in track_ids],
            "created_at": now,
            "updated_at": now,
        }
        try:
            self._playlists.insert_one(doc)
        except DuplicateKeyError:
            raise PlaylistError(f"a playlist named {clean!r} already exists") from None
        return _playlist(doc)

    @translated
    def rename_playlist(self, name: str, new_name: str) -> None:
        old, new = playlist_name(name), playlist_name(new_name)
        try:
            result = self._playlists.update_one(
                {"name": old}, {"$set": {"name": new, "updated_at": time.time()}}
            )
        except DuplicateKeyError:
            raise PlaylistError(f"a playlist named {new!r} already exists") from None
        if result.matched_count == 0:
            raise _missing(old)

    @translated
    def delete_playlist(self, name: str) -> bool:
        return self._playlists.delete_one({"name": playlist_name(name)}).deleted_count > 0

    @translated
    def set_playlist_tracks(self, name: str, track_ids: Sequence[str]) -> None:
        self._update(name, {"$set": {"tracks": [str(t) for t in track_ids]}})

    @translated
    def add_to_playlist(
        self, name: str, track_ids: Sequence[str], *, position: int | None = None
    ) -> None:
        push: dict[str, Any] = {"$each": [str(t) for t in track_ids]}
        if position is not None:
            # Negative counts from the end and past the end appends, as list slicing does
            # (engine.stores.playlist_edits.inserted, SQLite's rule).
            push["$position"] = int(position)
        self._update(name, {"$push": {"tracks": push}})

    @translated
    def remove_from_playlist(self, name: str, track_ids: Iterable[str]) -> int:
        gone = [str(t) for t in track_ids]
        before = self._update(name, {"$pull": {"tracks": {"$in": gone}}})
        return len(before) - len(without(before, set(gone)))

    def _update(self, name: str, change: dict[str, Any]) -> list[str]:
        """Apply ``change`` to the playlist; returns its entries from before."""
        clean = playlist_name(name)
        change.setdefault("$set", {})["updated_at"] = time.time()
        before = self._playlists.find_one_and_update(
            {"name": clean}, change, return_document=ReturnDocument.BEFORE
        )
        if before is None:
            raise _missing(clean)
        return list(before.get("tracks", []))


def _playlist(doc: dict[str, Any]) -> Playlist:
    return Playlist(
        playlist_id=str(doc["_id"]),
        name=str(doc["name"]),
        track_ids=tuple(str(t) for t in doc.get("tracks", [])),
        created_at=float(doc.get("created_at", 0.0)),
        updated_at=float(doc.get("updated_at", 0.0)),
    )


def _missing(name: str) -> PlaylistError:
    return PlaylistError(f"no playlist named {name!r}")
