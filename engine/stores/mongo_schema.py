"""Collections and indexes of the MongoDB store (how its URI and errors are shown to people:
:mod:`engine.stores.mongo_uri`).

Index creation is idempotent (``create_index`` on an existing identical index is a no-op), so
every :class:`~engine.stores.mongo.MongoStore` runs :func:`ensure_schema` when it opens.
"""

from __future__ import annotations

from pymongo import ASCENDING, DESCENDING
from pymongo.database import Database

TRACKS = "tracks"  # analysis state (and failure reason) lives on the track document
IMPORT_FAILURES = "import_failures"
FEATURES = "features"
RUNS = "runs"  # one document per training run: centroids, scaler, clusters, params
RUN_TRACKS = "run_tracks"  # one document per (run, track): cluster + neighbours
# One document per (run, cluster, part): members, vectors, signatures (engine.stores.cluster_pack).
CLUSTER_PACKS = "cluster_packs"
PLAYLISTS = "playlists"  # one document per playlist: name (unique) and its track ids in order
STATE = "state"  # small singleton documents: the active-run pointer, counters

ACTIVE_RUN_DOC = "active_run"
TRACK_SEQ_DOC = "track_seq"

DEFAULT_DATABASE = "encore"


def ensure_schema(db: Database) -> None:
    tracks = db[TRACKS]
    tracks.create_index([("path", ASCENDING)], unique=True, name="path_unique")
    tracks.create_index([("status", ASCENDING), ("seq", ASCENDING)], name="status_seq")
    tracks.create_index([("seq", ASCENDING)], name="seq")
    db[RUNS].create_index([("created_at", DESCENDING)], name="created_at")
    db[PLAYLISTS].create_index([("name", ASCENDING)], unique=True, name="name_unique")
    run_tracks = db[RUN_TRACKS]
    run_tracks.create_index(
        [("run_id", ASCENDING), ("track_id", ASCENDING)], unique=True, name="run_track"
    )
    run_tracks.create_index(
        [("run_id", ASCENDING), ("cluster", ASCENDING), ("track_id", ASCENDING)],
        name="run_cluster",
    )
    db[CLUSTER_PACKS].create_index(
        [("run_id", ASCENDING), ("cluster", ASCENDING), ("part", ASCENDING)],
        unique=True,
        name="run_cluster_part",
    )
