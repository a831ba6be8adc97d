"""Features of tracks analysed elsewhere: ``encore.track-features`` messages from desktops in
server mode, written by the backend worker in the store's own layout."""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from typing import Any

from pymongo import UpdateOne
from pymongo.database import Database

from engine.models import UNKNOWN_ALBUM, UNKNOWN_ARTIST, TrackFeatures
from engine.stores.mongo.core import reserve_seq
from engine.stores.mongo.documents import write_features
from engine.stores.mongo_schema import STATE, TRACKS

# Where a track known only from a report (no file on this machine) keeps its unique ``path``:
# never under a real folder, so no re-scan ever takes it for a vanished file.
REPORTED_PATH_PREFIX = "encore-reported:"
_REPORTED_TEXT = ("title", "artist", "album", "album_artist", "genre")


def _reported_metadata(meta: Mapping[str, Any]) -> dict[str, Any]:
    """The usable part of a report's tag metadata (it comes off the wire: types are checked,
    anything else is dropped rather than stored)."""
    out: dict[str, Any] = {}
    for name in _REPORTED_TEXT:
        value = meta.get(name)
        if isinstance(value, str) and (value or name in ("album_artist", "genre")):
            out[name] = value
    year = meta.get("year")
    if isinstance(year, int) and not isinstance(year, bool):
        out["year"] = year
    duration = meta.get("duration")
    number = isinstance(duration, int | float) and not isinstance(duration, bool)
    if number and math.isfinite(duration) and duration >= 0:
        out["duration"] = float(duration)
    return out


def write_reported_features(
    db: Database, reports: Sequence[tuple[TrackFeatures, Mapping[str, Any]]]
) -> None:
    """Store features of tracks analysed elsewhere (``encore.track-features`` from a desktop
    in server mode) in the store's own layout, so training sees them like local ones.

    A track already in the store keeps its path, file signature and status, and takes the
    reported tags; an unknown track is created present and analysed, with a placeholder path
    (``REPORTED_PATH_PREFIX`` + id) and the reported file signature. Raises ``PyMongoError``
    (the backend worker retries the whole batch; every write here is idempotent).
    """
    if not reports:
        return
    first_seq = reserve_seq(db[STATE], len(reports))
    now = time.time()
    ops = []
    for i, (features, meta) in enumerate(reports):
        known = _reported_metadata(meta)
        defaults: dict[str, Any] = {
            "title": features.track_id,
            "artist": UNKNOWN_ARTIST,
            "album": UNKNOWN_ALBUM,
            "album_artist": "",
            "genre": "",
            "track_no": None,
            "disc_no": None,
            "year": None,
            "duration": 0.0,
            "has_cover": False,
            "size": 0,
            "mtime_ns": 0,
            "path": REPORTED_PATH_PREFIX + features.track_id,
            "status": "ok",
            "signature": features.signature,
            "seq": first_seq + i,
            "added_at": now,
        }
        on_insert = {k: v for k, v in defaults.items() if k not in known}
        ops.append(
            UpdateOne(
                {"_id": features.track_id},
                {"$set": known, "$setOnInsert": on_insert}
                if known
                else {"$setOnInsert": on_insert},
                upsert=True,
            )
        )
    db[TRACKS].bulk_write(ops, ordered=False)
    write_features(db, [f for f, _ in reports])
