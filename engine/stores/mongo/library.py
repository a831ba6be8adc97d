"""The library half of the MongoDB store: tracks, their files' signatures, import failures."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence

from pymongo import ASCENDING, UpdateOne
from pymongo.errors import PyMongoError

from engine.feature_version import FEATURE_VERSION
from engine.models import FileSignature, ImportFailure, Track
from engine.stores.mongo.core import BATCH, ID_CHUNK, MongoCore, reserve_seq, translated
from engine.stores.mongo.documents import (
    CURRENT_FAILURE,
    TRACK_FIELDS,
    current_features,
    freed_path,
    track_doc,
    track_from_doc,
    track_values,
)
from engine.stores.values import chunks, loaded_path, stored_path, valid_ids


class MongoLibrary(MongoCore):
    @translated
    def upsert_tracks(self, tracks: Iterable[Track]) -> None:
        batch: list[Track] = []
        for track in tracks:
            batch.append(track)
            if len(batch) >= BATCH:
                self._write_tracks(batch)
                batch = []
        if batch:
            self._write_tracks(batch)

    def _write_tracks(self, batch: list[Track]) -> None:
        first_seq = reserve_seq(self._state, len(batch))
        now = time.time()
        # A path now used by another id (file replaced in place) frees the old document's path
        # first, so the unique path index holds; the old track is kept as missing. One query
        # finds such paths, so a plain re-import costs no extra write per track.
        wanted = {t.path: t.track_id for t in batch}
        query = {"path": {"$in": [stored_path(p) for p in wanted]}}
        ops: list[UpdateOne] = [
            UpdateOne(
                {"_id": d["_id"]},
                {"$set": {"path": freed_path(d["path"], d["_id"]), "status": "missing"}},
            )
            for d in self._tracks.find(query, {"path": 1})
            if d["_id"] != wanted[loaded_path(d["path"])]
        ]
        ops += [
            UpdateOne(
                {"_id": t.track_id},
                {
                    "$set": track_doc(t),
                    "$setOnInsert": {"seq": first_seq + i, "added_at": now},
                },
                upsert=True,
            )
            for i, t in enumerate(batch)
        ]
        self._tracks.bulk_write(ops, ordered=True)

    @translated
    def file_index(self) -> dict[str, tuple[FileSignature, str]]:
        cursor = self._tracks.find({"status": "ok"}, {"path": 1, "size": 1, "mtime_ns": 1})
        return {
            loaded_path(d["path"]): (FileSignature(d["size"], d["mtime_ns"]), d["_id"])
            for d in cursor
        }

    @translated
    def mark_missing(self, track_ids: Iterable[str]) -> None:
        for chunk in chunks(list(track_ids), ID_CHUNK):
            self._tracks.update_many({"_id": {"$in": list(chunk)}}, {"$set": {"status": "missing"}})

    @translated
    def record_import_failures(
        self, failures: Iterable[tuple[ImportFailure, FileSignature]]
    ) -> None:
        ops = [
            UpdateOne(
                {"_id": stored_path(f.path)},
                {"$set": {"size": s.size, "mtime_ns": s.mtime_ns, "reason": f.reason}},
                upsert=True,
            )
            for f, s in failures
        ]
        for chunk in chunks(ops, BATCH):
            self._import_failures.bulk_write(list(chunk), ordered=False)

    @translated
    def clear_import_failures(self, paths: Iterable[str]) -> None:
        for chunk in chunks(list(paths), ID_CHUNK):
            self._import_failures.delete_many({"_id": {"$in": [stored_path(p) for p in chunk]}})

    @translated
    def import_failures(self) -> dict[str, tuple[FileSignature, str]]:
        return {
            loaded_path(d["_id"]): (FileSignature(d["size"], d["mtime_ns"]), d["reason"])
            for d in self._import_failures.find()
        }

    def get_track(self, track_id: str) -> Track | None:
        return self.get_tracks([track_id]).get(track_id)

    @translated
    def get_tracks(self, track_ids: Sequence[str]) -> dict[str, Track]:
        found: dict[str, Track] = {}
        for chunk in chunks(valid_ids(track_ids), ID_CHUNK):
            for doc in self._tracks.find({"_id": {"$in": list(chunk)}}):
                found[doc["_id"]] = track_from_doc(doc)
        return found

    @translated
    def find_by_path(self, path: str) -> Track | None:
        doc = self._tracks.find_one({"path": stored_path(path)})
        return track_from_doc(doc) if doc else None

    def iter_tracks(self, *, include_missing: bool = False) -> Iterator[Track]:
        # A generator: the decorator would only guard creating it, not the reads.
        query = {} if include_missing else {"status": "ok"}
        try:
            cursor = self._tracks.find(query).sort("seq", ASCENDING).batch_size(2000)
            for doc in cursor:
                yield track_from_doc(doc)
        except PyMongoError as exc:
            raise self.error(exc) from None

    @translated
    def genres(self) -> dict[str, str]:
        query = {"status": "ok", "genre": {"$type": "string", "$ne": ""}}
        cursor = self._tracks.find(query, {"genre": 1}).batch_size(5000)
        return {doc["_id"]: doc["genre"] for doc in cursor}

    @translated
    def track_rows(self, *, include_missing: bool = False) -> list[tuple]:
        query = {} if include_missing else {"status": "ok"}
        extra = (
            "signature",
            "feature_version",
            "feature_signature",
            "failed_signature",
            "analysis_error",
        )
        wanted = dict.fromkeys((*TRACK_FIELDS, *extra), 1)
        cursor = self._tracks.find(query, wanted).sort("seq", ASCENDING).batch_size(5000)
        return [track_values(doc) for doc in cursor]

    @translated
    def counts(self, *, feature_version: int = FEATURE_VERSION) -> dict[str, int]:
        count = self._tracks.count_documents
        tracks = count({"status": "ok"})
        analysed = count({"status": "ok", "$expr": current_features(feature_version)})
        failed = count({"status": "ok", "analysis_error": {"$ne": None}, "$expr": CURRENT_FAILURE})
        return {
            "tracks": tracks,
            "missing": count({"status": "missing"}),
            "import_failed": self._import_failures.count_documents({}),
            "analysed": analysed,
            "analysis_failed": failed,
            # Disjoint by construction (a vector and a failure replace each other), so this is
            # exactly what ``tracks_to_analyse`` returns.
            "analysis_pending": tracks - analysed - failed,
        }
