"""The server-mode store: MongoDB through pymongo.

Layout (see :mod:`engine.stores.mongo_schema`): a track document carries its analysis state
(``feature_version``/``feature_signature`` of the stored vector, ``failed_signature``/
``analysis_error`` of a failure) so library reads need no join; vectors live in ``features`` as
little-endian float32 bytes. A training run is written under its ``run_id`` and becomes active
only when the one ``state/active_run`` pointer document is flipped, which MongoDB updates
atomically without needing a replica set for transactions.

Every pymongo error leaves as a one-line :class:`~engine.errors.StoreError` naming the server
(without credentials), so the CLI and the desktop can report it and carry on playing.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import math
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

import numpy as np
from bson import Binary
from pymongo import ASCENDING, MongoClient, ReturnDocument, UpdateOne
from pymongo.collection import Collection
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError, PyMongoError

from engine.errors import StoreError
from engine.models import (
    UNKNOWN_ALBUM,
    UNKNOWN_ARTIST,
    ClusterSummary,
    FileSignature,
    ImportFailure,
    Neighbour,
    RunInfo,
    Track,
    TrackFeatures,
    TrainingRun,
)
from engine.stores.mongo_schema import (
    ACTIVE_RUN_DOC,
    DEFAULT_DATABASE,
    FEATURES,
    IMPORT_FAILURES,
    RUN_TRACKS,
    RUNS,
    STATE,
    TRACK_SEQ_DOC,
    TRACKS,
    describe_error,
    ensure_schema,
    redact_uri,
)

log = logging.getLogger(__name__)

_BATCH = 5000
_ID_CHUNK = 10000
# A run still being written by another process is left alone by retention for this long.
_WRITING_GRACE_S = 6 * 3600.0
_TRACK_FIELDS = (
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

F = TypeVar("F", bound=Callable[..., Any])


def _translated(method: F) -> F:
    """Turn pymongo's exceptions into a StoreError that names the server."""

    @functools.wraps(method)
    def wrapper(self: MongoStore, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except PyMongoError as exc:
            raise StoreError(f"MongoDB at {self.display_uri}: {describe_error(exc)}") from None

    return wrapper  # type: ignore[return-value]


def _chunks(items: Sequence[Any], size: int = _ID_CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _db_path(path: str) -> str | bytes:
    """A path as BSON can hold it: BSON strings must be UTF-8, so a file name that is not
    (surrogate-escaped in Python) is stored as its raw bytes (BSON binary), as SQLite does."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path)
    return path


def _fs_path(value: str | bytes) -> str:
    return os.fsdecode(value) if isinstance(value, bytes) else value


def _reserve_seq(state: Collection, n: int) -> int:
    """The first of ``n`` fresh insertion-order numbers (iter_tracks and feature_matrix keep
    insertion order, as SQLite does); only newly inserted documents take theirs."""
    counter = state.find_one_and_update(
        {"_id": TRACK_SEQ_DOC},
        {"$inc": {"value": n}},
        upsert=True,
        return_document=ReturnDocument.AFTER,
    )
    return int(counter["value"]) - n


class MongoStore:
    """:class:`~engine.stores.protocol.Store` on MongoDB; the database comes from the URI's path
    (``mongodb://host:27017/encore``) or defaults to ``encore``."""

    def __init__(self, uri: str, *, timeout_ms: int = 3000, database: str | None = None) -> None:
        self.display_uri = redact_uri(uri)
        self._client: MongoClient | None = None
        try:
            self._client = MongoClient(
                uri,
                serverSelectionTimeoutMS=timeout_ms,
                connectTimeoutMS=timeout_ms,
                appname="encore",
            )
            self._db = (
                self._client[database]
                if database
                else self._client.get_default_database(default=DEFAULT_DATABASE)
            )
            # Fail now, in one line, rather than on the first query somewhere in the UI.
            self._client.admin.command("ping")
            ensure_schema(self._db)
        except (PyMongoError, ValueError) as exc:
            if self._client is not None:
                self._client.close()
            reason = describe_error(exc)
            if "timed out" in reason.lower() or "refused" in reason.lower():
                reason = f"unreachable ({reason})"
            raise StoreError(f"MongoDB at {self.display_uri}: {reason}") from None
        self._tracks = self._db[TRACKS]
        self._features = self._db[FEATURES]
        self._import_failures = self._db[IMPORT_FAILURES]
        self._runs = self._db[RUNS]
        self._run_tracks = self._db[RUN_TRACKS]
        self._state = self._db[STATE]

    @property
    def database_name(self) -> str:
        return self._db.name

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    # --- library ---------------------------------------------------------------------------
    @_translated
    def upsert_tracks(self, tracks: Iterable[Track]) -> None:
        batch: list[Track] = []
        for track in tracks:
            batch.append(track)
            if len(batch) >= _BATCH:
                self._write_tracks(batch)
                batch = []
        if batch:
            self._write_tracks(batch)

    def _write_tracks(self, batch: list[Track]) -> None:
        first_seq = _reserve_seq(self._state, len(batch))
        now = time.time()
        # A path now used by another id (file replaced in place) frees the old document's path
        # first, so the unique path index holds; the old track is kept as missing. One query
        # finds such paths, so a plain re-import costs no extra write per track.
        wanted = {t.path: t.track_id for t in batch}
        query = {"path": {"$in": [_db_path(p) for p in wanted]}}
        ops: list[UpdateOne] = [
            UpdateOne(
                {"_id": d["_id"]},
                {"$set": {"path": _freed_path(d["path"], d["_id"]), "status": "missing"}},
            )
            for d in self._tracks.find(query, {"path": 1})
            if d["_id"] != wanted[_fs_path(d["path"])]
        ]
        ops += [
            UpdateOne(
                {"_id": t.track_id},
                {
                    "$set": _track_doc(t),
                    "$setOnInsert": {"seq": first_seq + i, "added_at": now},
                },
                upsert=True,
            )
            for i, t in enumerate(batch)
        ]
        self._tracks.bulk_write(ops, ordered=True)

    @_translated
    def file_index(self) -> dict[str, tuple[FileSignature, str]]:
        cursor = self._tracks.find({"status": "ok"}, {"path": 1, "size": 1, "mtime_ns": 1})
        return {
            _fs_path(d["path"]): (FileSignature(d["size"], d["mtime_ns"]), d["_id"]) for d in cursor
        }

    @_translated
    def mark_missing(self, track_ids: Iterable[str]) -> None:
        for chunk in _chunks(list(track_ids)):
            self._tracks.update_many({"_id": {"$in": list(chunk)}}, {"$set": {"status": "missing"}})

    @_translated
    def record_import_failures(
        self, failures: Iterable[tuple[ImportFailure, FileSignature]]
    ) -> None:
        ops = [
            UpdateOne(
                {"_id": _db_path(f.path)},
                {"$set": {"size": s.size, "mtime_ns": s.mtime_ns, "reason": f.reason}},
                upsert=True,
            )
            for f, s in failures
        ]
        for chunk in _chunks(ops, _BATCH):
            self._import_failures.bulk_write(list(chunk), ordered=False)

    @_translated
    def clear_import_failures(self, paths: Iterable[str]) -> None:
        for chunk in _chunks(list(paths)):
            self._import_failures.delete_many({"_id": {"$in": [_db_path(p) for p in chunk]}})

    @_translated
    def import_failures(self) -> dict[str, tuple[FileSignature, str]]:
        return {
            _fs_path(d["_id"]): (FileSignature(d["size"], d["mtime_ns"]), d["reason"])
            for d in self._import_failures.find()
        }

    def get_track(self, track_id: str) -> Track | None:
        return self.get_tracks([track_id]).get(track_id)

    @_translated
    def get_tracks(self, track_ids: Sequence[str]) -> dict[str, Track]:
        found: dict[str, Track] = {}
        for chunk in _chunks(list(track_ids)):
            for doc in self._tracks.find({"_id": {"$in": list(chunk)}}):
                found[doc["_id"]] = _track_from_doc(doc)
        return found

    @_translated
    def find_by_path(self, path: str) -> Track | None:
        doc = self._tracks.find_one({"path": _db_path(path)})
        return _track_from_doc(doc) if doc else None

    def iter_tracks(self, *, include_missing: bool = False) -> Iterator[Track]:
        query = {} if include_missing else {"status": "ok"}
        try:
            cursor = self._tracks.find(query).sort("seq", ASCENDING).batch_size(2000)
            for doc in cursor:
                yield _track_from_doc(doc)
        except PyMongoError as exc:
            raise StoreError(f"MongoDB at {self.display_uri}: {describe_error(exc)}") from None

    @_translated
    def counts(self) -> dict[str, int]:
        count = self._tracks.count_documents
        tracks = count({"status": "ok"})
        analysed = count({"status": "ok", "feature_version": {"$ne": None}})
        failed = count({"status": "ok", "analysis_error": {"$ne": None}})
        return {
            "tracks": tracks,
            "missing": count({"status": "missing"}),
            "import_failed": self._import_failures.count_documents({}),
            "analysed": analysed,
            "analysis_failed": failed,
            "analysis_pending": max(tracks - analysed - failed, 0),
        }

    # --- analysis --------------------------------------------------------------------------
    @_translated
    def tracks_to_analyse(self, feature_version: int) -> list[Track]:
        current = {
            "$and": [
                {"$eq": ["$feature_version", feature_version]},
                {"$eq": ["$feature_signature", "$signature"]},
            ]
        }
        query = {
            "status": "ok",
            "$expr": {"$and": [{"$not": [current]}, {"$ne": ["$failed_signature", "$signature"]}]},
        }
        return [_track_from_doc(d) for d in self._tracks.find(query).sort("seq", ASCENDING)]

    @_translated
    def put_features(self, features: Iterable[TrackFeatures]) -> None:
        for chunk in _chunks(list(features), _BATCH):
            _write_features(self._db, chunk)

    @_translated
    def put_reported_features(
        self, reports: Sequence[tuple[TrackFeatures, Mapping[str, Any]]]
    ) -> None:
        """Features (+ tag metadata) of tracks analysed on another machine; see
        :func:`write_reported_features`."""
        for chunk in _chunks(list(reports), _BATCH):
            write_reported_features(self._db, chunk)

    @_translated
    def put_analysis_failure(self, track_id: str, signature: str, reason: str) -> None:
        self._features.delete_one({"_id": track_id})
        self._tracks.update_one(
            {"_id": track_id},
            {
                "$set": {"failed_signature": signature, "analysis_error": reason},
                "$unset": {"feature_version": "", "feature_signature": ""},
            },
        )

    @_translated
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

    @_translated
    def feature_matrix(
        self, track_ids: Sequence[str] | None = None
    ) -> tuple[list[str], np.ndarray, tuple[str, ...]]:
        query: dict[str, Any] = {"status": "ok", "feature_version": {"$ne": None}}
        ordered: list[str] = []
        if track_ids is None:
            cursor = self._tracks.find(query, {"_id": 1}).sort("seq", ASCENDING)
            ordered = [d["_id"] for d in cursor]
        else:
            for chunk in _chunks(list(track_ids)):
                cursor = self._tracks.find({**query, "_id": {"$in": list(chunk)}}, {"seq": 1})
                ordered += [d["_id"] for d in sorted(cursor, key=lambda d: d.get("seq", 0))]
        vectors: dict[str, tuple[str, bytes]] = {}
        projection = {"layout": 1, "vector": 1}
        if track_ids is None:
            # The whole table in one scan beats 100k ids in $in lists.
            for doc in self._features.find({}, projection).batch_size(10000):
                vectors[doc["_id"]] = (doc["layout"], doc["vector"])
        else:
            for chunk in _chunks(ordered):
                for doc in self._features.find({"_id": {"$in": list(chunk)}}, projection):
                    vectors[doc["_id"]] = (doc["layout"], doc["vector"])
        ordered = [tid for tid in ordered if tid in vectors]
        if not ordered:
            return [], np.zeros((0, 0), dtype=np.float32), ()
        layout = vectors[ordered[0]][0]
        names_doc = self._features.find_one({"_id": ordered[0]}, {"names": 1})
        names = tuple(names_doc["names"]) if names_doc else ()
        # Vectors of another feature layout (older version) are left out: re-analysis fixes them.
        kept = [tid for tid in ordered if vectors[tid][0] == layout]
        blob = b"".join(vectors[tid][1] for tid in kept)
        matrix = np.frombuffer(blob, dtype="<f4").reshape(len(kept), len(names))
        return kept, matrix.astype(np.float32), names

    @_translated
    def analysis_failures(self) -> dict[str, str]:
        cursor = self._tracks.find(
            {"status": "ok", "analysis_error": {"$ne": None}}, {"analysis_error": 1}
        )
        return {d["_id"]: d["analysis_error"] for d in cursor}

    # --- recommendation results ------------------------------------------------------------
    @_translated
    def save_run(self, run: TrainingRun) -> None:
        try:
            self._runs.insert_one(_run_doc(run))
        except DuplicateKeyError:
            raise StoreError(
                f"MongoDB at {self.display_uri}: training run {run.run_id!r} already exists"
            ) from None
        activated = False
        try:
            self._write_run_tracks(run)
            self._runs.update_one({"_id": run.run_id}, {"$set": {"state": "complete"}})
            # The switch: one single-document update, atomic on its own. The old pointer value
            # becomes "previous", kept for comparison and rollback.
            self._state.update_one(
                {"_id": ACTIVE_RUN_DOC},
                [
                    {
                        "$set": {
                            "previous": "$run_id",
                            "run_id": {"$literal": run.run_id},
                            "activated_at": time.time(),
                        }
                    }
                ],
                upsert=True,
            )
            activated = True
        finally:
            if not activated:
                self._discard_run(run.run_id)
        try:
            self._drop_old_runs()
        except PyMongoError as exc:
            # The new run is active; stale runs are retried at the next save.
            log.warning("could not drop old training runs: %s", describe_error(exc))

    def _write_run_tracks(self, run: TrainingRun) -> None:
        ids = list(run.assignments)
        ids += [tid for tid in run.neighbours if tid not in run.assignments]
        for chunk in _chunks(ids, _BATCH):
            docs = []
            for tid in chunk:
                cluster = run.assignments.get(tid)
                docs.append(
                    {
                        "run_id": run.run_id,
                        "track_id": tid,
                        "cluster": None if cluster is None else int(cluster),
                        "neighbours": [
                            {"t": n.track_id, "s": float(n.score), "r": n.reason}
                            for n in run.neighbours.get(tid, ())
                        ],
                    }
                )
            self._run_tracks.insert_many(docs, ordered=False)

    def _discard_run(self, run_id: str) -> None:
        """Remove a run that never became active (best effort: retention catches leftovers)."""
        try:
            self._run_tracks.delete_many({"run_id": run_id})
            self._runs.delete_one({"_id": run_id})
        except PyMongoError as exc:
            log.warning("could not discard unfinished run %s: %s", run_id, describe_error(exc))

    def _drop_old_runs(self) -> None:
        pointer = self._state.find_one({"_id": ACTIVE_RUN_DOC}) or {}
        keep = {pointer.get("run_id"), pointer.get("previous")} - {None}
        fresh_cutoff = time.time() - _WRITING_GRACE_S
        # Another process may be writing a newer run right now: leave recent unfinished ones.
        busy = {
            d["_id"]
            for d in self._runs.find(
                {"state": "writing", "started_at": {"$gte": fresh_cutoff}}, {"_id": 1}
            )
        }
        spare = keep | busy
        stale = {d["_id"] for d in self._runs.find({"_id": {"$nin": list(spare)}}, {"_id": 1})}
        stale |= set(self._run_tracks.distinct("run_id")) - spare
        for run_id in stale:
            self._run_tracks.delete_many({"run_id": run_id})
            self._runs.delete_one({"_id": run_id})

    def _active_run_id(self) -> str | None:
        pointer = self._state.find_one({"_id": ACTIVE_RUN_DOC}, {"run_id": 1})
        return pointer.get("run_id") if pointer else None

    @_translated
    def active_run(self) -> RunInfo | None:
        run_id = self._active_run_id()
        if run_id is None:
            return None
        doc = self._runs.find_one({"_id": run_id}, {"clusters": 0})
        if doc is None:
            return None
        names = tuple(doc["feature_names"])
        d = len(names)
        scaler = np.frombuffer(doc["scaler"], dtype="<f8").reshape(2, d)
        return RunInfo(
            run_id=doc["_id"],
            created_at=float(doc["created_at"]),
            feature_names=names,
            scaler_mean=scaler[0].copy(),
            scaler_std=scaler[1].copy(),
            centroids=np.frombuffer(doc["centroids"], dtype="<f8").reshape(-1, d).copy(),
            params=doc.get("params", {}),
            n_tracks=int(doc["n_tracks"]),
        )

    @_translated
    def neighbours(self, track_id: str, limit: int) -> list[Neighbour]:
        run_id = self._active_run_id()
        if run_id is None or limit <= 0:
            return []
        doc = self._run_tracks.find_one(
            {"run_id": run_id, "track_id": track_id},
            {"neighbours": {"$slice": int(limit)}, "_id": 0},
        )
        if not doc:
            return []
        return [Neighbour(n["t"], n["s"], n.get("r", "")) for n in doc.get("neighbours", [])]

    @_translated
    def cluster_of(self, track_id: str) -> int | None:
        run_id = self._active_run_id()
        if run_id is None:
            return None
        doc = self._run_tracks.find_one({"run_id": run_id, "track_id": track_id}, {"cluster": 1})
        return None if not doc or doc.get("cluster") is None else int(doc["cluster"])

    @_translated
    def cluster_members(self, cluster_id: int) -> list[str]:
        run_id = self._active_run_id()
        if run_id is None:
            return []
        cursor = self._run_tracks.find(
            {"run_id": run_id, "cluster": int(cluster_id)}, {"track_id": 1, "_id": 0}
        ).sort("track_id", ASCENDING)
        return [d["track_id"] for d in cursor]

    @_translated
    def clusters(self) -> list[ClusterSummary]:
        run_id = self._active_run_id()
        if run_id is None:
            return []
        doc = self._runs.find_one({"_id": run_id}, {"clusters": 1})
        if not doc:
            return []
        return sorted(
            (
                ClusterSummary(c["cluster_id"], c["name"], c["size"], tuple(c["top_track_ids"]))
                for c in doc.get("clusters", [])
            ),
            key=lambda c: c.cluster_id,
        )


# Where a track known only from a report (no file on this machine) keeps its unique ``path``:
# never under a real folder, so no re-scan ever takes it for a vanished file.
REPORTED_PATH_PREFIX = "encore-reported:"
_REPORTED_TEXT = ("title", "artist", "album", "album_artist", "genre")


def _write_features(db: Database, chunk: Sequence[TrackFeatures]) -> None:
    # The vector first (the truth), then the track's flags: a crash in between only makes the
    # track look unanalysed, so it is analysed again.
    db[FEATURES].bulk_write(
        [UpdateOne({"_id": f.track_id}, {"$set": _features_doc(f)}, upsert=True) for f in chunk],
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
    first_seq = _reserve_seq(db[STATE], len(reports))
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
    _write_features(db, [f for f, _ in reports])


def _freed_path(path: str | bytes, track_id: str) -> str | bytes:
    """A unique stand-in for the path of a track whose file was replaced by another id."""
    if isinstance(path, bytes):
        return path + b"\x00" + track_id.encode("utf-8")
    return f"{path}\x00{track_id}"


def _json_safe(value: object) -> Any:
    """Params as JSON would keep them (numpy scalars → numbers, tuples → lists), as in SQLite."""

    def default(v: object) -> object:
        if isinstance(v, np.generic):
            return v.item()
        if isinstance(v, np.ndarray):
            return v.tolist()
        raise TypeError(f"not JSON serialisable: {type(v).__name__}")

    return json.loads(json.dumps(value, default=default))


def _run_doc(run: TrainingRun) -> dict[str, Any]:
    scaler = np.stack([run.scaler_mean, run.scaler_std]).astype("<f8")
    return {
        "_id": run.run_id,
        "created_at": float(run.created_at),
        "started_at": time.time(),
        "state": "writing",
        "feature_names": list(run.feature_names),
        "params": _json_safe(run.params),
        "n_tracks": len(run.assignments),
        "centroids": Binary(np.ascontiguousarray(run.centroids, dtype="<f8").tobytes()),
        "scaler": Binary(scaler.tobytes()),
        "clusters": [
            {
                "cluster_id": int(c.cluster_id),
                "name": c.name,
                "size": int(c.size),
                "top_track_ids": list(c.top_track_ids),
            }
            for c in run.clusters
        ],
    }


def _features_doc(f: TrackFeatures) -> dict[str, Any]:
    names = list(f.names)
    return {
        "version": int(f.version),
        "signature": f.signature,
        "names": names,
        # Compared instead of the name list when building the matrix.
        "layout": hashlib.sha1("\x1f".join(names).encode("utf-8")).hexdigest(),
        "vector": Binary(np.ascontiguousarray(f.vector, dtype="<f4").tobytes()),
    }


def _track_doc(t: Track) -> dict[str, Any]:
    return {
        "path": _db_path(t.path),
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


def _track_from_doc(doc: dict[str, Any]) -> Track:
    analysed = doc.get("feature_version") is not None
    failure = doc.get("analysis_error")
    return Track(
        track_id=doc["_id"],
        **{name: doc.get(name) for name in _TRACK_FIELDS if name not in ("has_cover", "path")},
        path=_fs_path(doc["path"]),
        has_cover=bool(doc.get("has_cover")),
        analysis="analysed" if analysed else ("failed" if failure else "pending"),
        analysis_error=failure,
    )
