"""The analysis half of the MongoDB store: feature vectors and analysis failures. Vectors that
desktops report from their own machines arrive through the backend worker
(:func:`engine.stores.mongo.reported.write_reported_features`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from pymongo import ASCENDING

from engine.feature_version import FEATURE_VERSION
from engine.models import Track, TrackFeatures
from engine.stores.mongo.core import BATCH, ID_CHUNK, MongoCore, translated
from engine.stores.mongo.documents import (
    CURRENT_FAILURE,
    current_features,
    track_from_doc,
    write_features,
)
from engine.stores.values import chunks


def due(feature_version: int) -> dict[str, Any]:
    """``$expr``: no vector of ``feature_version`` for the file as it is, and no failure for it."""
    return {"$and": [{"$not": [current_features(feature_version)]}, {"$not": [CURRENT_FAILURE]}]}


class MongoAnalysis(MongoCore):
    @translated
    def tracks_to_analyse(self, feature_version: int = FEATURE_VERSION) -> list[Track]:
        query = {"status": "ok", "$expr": due(feature_version)}
        return [track_from_doc(d) for d in self._tracks.find(query).sort("seq", ASCENDING)]

    @translated
    def put_features(self, features: Iterable[TrackFeatures]) -> None:
        for chunk in chunks(list(features), BATCH):
            write_features(self._db, chunk)

    @translated
    def put_analysis_failure(self, track_id: str, signature: str, reason: str) -> None:
        self._features.delete_one({"_id": track_id})
        self._tracks.update_one(
            {"_id": track_id},
            {
                "$set": {"failed_signature": signature, "analysis_error": reason},
                "$unset": {"feature_version": "", "feature_signature": ""},
            },
        )

    @translated
    def get_features(self, track_id: str) -> TrackFeatures | None:
        doc = self._features.find_one({"_id": track_id})
        if doc is None:
            return None
        return TrackFeatures(
            track_id=doc["_id"],
            vector=np.frombuffer(doc["vector"], dtype="<f4").astype(np.float32),
            names=tuple(doc["names"]),
            version=int(doc["version"]),
            signature=doc["signature"],
        )

    @translated
    def feature_matrix(
        self, track_ids: Sequence[str] | None = None, *, feature_version: int = FEATURE_VERSION
    ) -> tuple[list[str], np.ndarray, tuple[str, ...]]:
        # The analysed vectors: as ``counts`` and ``tracks_to_analyse`` say (documents.py).
        query: dict[str, Any] = {"status": "ok", "$expr": current_features(feature_version)}
        ordered: list[str] = []
        if track_ids is None:
            cursor = self._tracks.find(query, {"_id": 1}).sort("seq", ASCENDING)
            ordered = [d["_id"] for d in cursor]
        else:
            for chunk in chunks(list(track_ids), ID_CHUNK):
                cursor = self._tracks.find({**query, "_id": {"$in": list(chunk)}}, {"seq": 1})
                ordered += [d["_id"] for d in sorted(cursor, key=lambda d: d.get("seq", 0))]
        vectors: dict[str, tuple[str, bytes]] = {}
        projection = {"layout": 1, "vector": 1}
        if track_ids is None:
            # The whole table in one scan beats 100k ids in $in lists.
            for doc in self._features.find({}, projection).batch_size(10000):
                vectors[doc["_id"]] = (doc["layout"], doc["vector"])
        else:
            for chunk in chunks(ordered, ID_CHUNK):
                for doc in self._features.find({"_id": {"$in": list(chunk)}}, projection):
                    vectors[doc["_id"]] = (doc["layout"], doc["vector"])
        ordered = [tid for tid in ordered if tid in vectors]
        if not ordered:
            return [], np.zeros((0, 0), dtype=np.float32), ()
        names_doc = self._features.find_one({"_id": ordered[0]}, {"names": 1})
        names = tuple(names_doc["names"]) if names_doc else ()
        # One version has one layout: a vector in another was not written by this engine.
        layout = vectors[ordered[0]][0]
        kept = [tid for tid in ordered if vectors[tid][0] == layout]
        blob = b"".join(vectors[tid][1] for tid in kept)
        matrix = np.frombuffer(blob, dtype="<f4").reshape(len(kept), len(names))
        return kept, matrix.astype(np.float32), names

    @translated
    def analysis_failures(self) -> dict[str, str]:
        cursor = self._tracks.find(
            {"status": "ok", "analysis_error": {"$ne": None}, "$expr": CURRENT_FAILURE},
            {"analysis_error": 1},
        )
        return {d["_id"]: d["analysis_error"] for d in cursor}
