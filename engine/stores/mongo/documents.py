"""Tracks and feature vectors as MongoDB documents.

A track document carries its analysis state (``feature_version``/``feature_signature`` of the
stored vector, ``failed_signature``/``analysis_error`` of a failure) so library reads need no
join; vectors live in ``features`` as little-endian float32 bytes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

import numpy as np
from bson import Binary
from pymongo import UpdateOne
from pymongo.database import Database

from engine.feature_version import FEATURE_VERSION
from engine.models import Track, TrackFeatures
from engine.stores.mongo_schema import FEATURES, TRACKS
from engine.stores.values import loaded_path, stored_path

TRACK_FIELDS = (
    "path",
    "title",
    "artist",
    "album",
    "album_artist",
    "genre",
    "track_no",
    "disc_no",
    "year",
    "duration",
    "has_cover",
    "size",
    "mtime_ns",
    "status",
)


def track_doc(t: Track) -> dict[str, Any]:
    return {
        "path": stored_path(t.path),
        "title": t.title,
        "artist": t.artist,
        "album": t.album,
        "album_artist": t.album_artist,
        "genre": t.genre,
        "track_no": t.track_no,
        "disc_no": t.disc_no,
        "year": t.year,
        "duration": float(t.duration),
        "has_cover": bool(t.has_cover),
        "size": int(t.size),
        "mtime_ns": int(t.mtime_ns),
        "status": t.status,
        "signature": t.signature.token(),
    }


# The one rule of analysis state: a vector or a failure counts only for the file signature it
# was computed for, and a vector only of the engine's feature version (or the one asked for);
# anything else is pending again. ``tracks_to_analyse``, ``counts``, ``feature_matrix`` and
# every track read use these.
CURRENT_FAILURE: dict[str, Any] = {"$eq": ["$failed_signature", "$signature"]}


def current_features(feature_version: int = FEATURE_VERSION) -> dict[str, Any]:
    """``$expr``: the track holds a vector of ``feature_version`` for its file as it is."""
    same_file: dict[str, Any] = {"$eq": ["$feature_signature", "$signature"]}
    return {"$and": [{"$eq": ["$feature_version", feature_version]}, same_file]}


def track_values(doc: dict[str, Any]) -> tuple:
    """A track document as ``Track`` field values, in field order (``Track(*values)``)."""
    get = doc.get
    signature = get("signature")
    failure = get("analysis_error") if get("failed_signature") == signature else None
    analysed = get("feature_version") == FEATURE_VERSION and get("feature_signature") == signature
    analysis = "analysed" if analysed else ("failed" if failure else "pending")
    return (
        doc["_id"],
        loaded_path(doc["path"]),
        *(get(name) for name in TRACK_FIELDS[1:10]),  # title .. duration
        bool(get("has_cover")),
        get("size"),
        get("mtime_ns"),
        get("status"),
        analysis,
        failure,
    )


def track_from_doc(doc: dict[str, Any]) -> Track:
    return Track(*track_values(doc))


def freed_path(path: str | bytes, track_id: str) -> str | bytes:
    """A unique stand-in for the path of a track whose file was replaced by another id."""
    if isinstance(path, bytes):
        return path + b"\x00" + track_id.encode("utf-8")
    return f"{path}\x00{track_id}"


def features_doc(f: TrackFeatures) -> dict[str, Any]:
    names = list(f.names)
    return {
        "version": int(f.version),
        "signature": f.signature,
        "names": names,
        # Compared instead of the name list when building the matrix.
        "layout": hashlib.sha1("\x1f".join(names).encode("utf-8")).hexdigest(),
        "vector": Binary(np.ascontiguousarray(f.vector, dtype="<f4").tobytes()),
    }


def write_features(db: Database, chunk: Sequence[TrackFeatures]) -> None:
    # The vector first (the truth), then the track's flags: a crash in between only makes the
    # track look unanalysed, so it is analysed again.
    db[FEATURES].bulk_write(
        [UpdateOne({"_id": f.track_id}, {"$set": features_doc(f)}, upsert=True) for f in chunk],
        ordered=False,
    )
    db[TRACKS].bulk_write(
        [
            UpdateOne(
                {"_id": f.track_id},
                {
                    "$set": {"feature_version": int(f.version), "feature_signature": f.signature},
                    "$unset": {"failed_signature": "", "analysis_error": ""},
                },
            )
            for f in chunk
        ],
        ordered=False,
    )
