"""Training results in the MongoDB store.

A run is written under its ``run_id`` (one ``runs`` document: centroids, scaler, clusters,
params; one ``run_tracks`` document per track: cluster and neighbours) and becomes active only
when the single ``state/active_run`` pointer document is flipped, which MongoDB updates
atomically without needing a replica set for transactions.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Sequence
from typing import Any

import numpy as np
from bson import Binary
from pymongo import ASCENDING
from pymongo.errors import DuplicateKeyError, PyMongoError

from engine.errors import StoreError
from engine.models import ClusterSummary, Neighbour, RunInfo, TrainingRun
from engine.phrase_english import english
from engine.phrases import Phrase, from_wire, stored_text, to_wire
from engine.run_settings import RunSettings
from engine.stored_list import EncodedList
from engine.stores.cluster_pack import ClusterPack, PackPart, joined, parts
from engine.stores.mongo.core import BATCH, MongoCore, translated
from engine.stores.mongo_schema import ACTIVE_RUN_DOC
from engine.stores.mongo_uri import describe_error
from engine.stores.values import chunks, json_default

log = logging.getLogger(__name__)

# A run still being written by another process is left alone by retention for this long.
_WRITING_GRACE_S = 6 * 3600.0


class MongoRuns(MongoCore):
    @translated
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
        # The lists may be a stream (training): written in batches as they arrive, then the
        # assigned tracks that had none.
        written: set[str] = set()
        docs: list[dict[str, Any]] = []
        for tid, neighbours in run.neighbour_items():
            written.add(tid)
            docs.append(_track_doc(run, tid, neighbours))
            if len(docs) >= BATCH:
                self._run_tracks.insert_many(docs, ordered=False)
                docs = []
        docs += [_track_doc(run, tid, ()) for tid in run.assignments if tid not in written]
        for chunk in chunks(docs, BATCH):
            self._run_tracks.insert_many(list(chunk), ordered=False)

    def _discard_run(self, run_id: str) -> None:
        """Remove a run that never became active (best effort: retention catches leftovers)."""
        try:
            self._run_tracks.delete_many({"run_id": run_id})
            self._packs.delete_many({"run_id": run_id})
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
        stale |= set(self._packs.distinct("run_id")) - spare
        for run_id in stale:
            self._run_tracks.delete_many({"run_id": run_id})
            self._packs.delete_many({"run_id": run_id})
            self._runs.delete_one({"_id": run_id})

    def _active_run_id(self) -> str | None:
        pointer = self._state.find_one({"_id": ACTIVE_RUN_DOC}, {"run_id": 1})
        return pointer.get("run_id") if pointer else None

    @translated
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
            settings=RunSettings.from_dict(
                doc.get("params", {}),
                where=f"MongoDB at {self.display_uri}: training run {run_id} settings",
            ),
            n_tracks=int(doc["n_tracks"]),
        )

    @translated
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
        where = f"MongoDB at {self.display_uri}: neighbours of {track_id}"
        return [
            Neighbour(n["t"], n["s"], _reason(n, f"{where}, entry {i + 1} reason"))
            for i, n in enumerate(doc.get("neighbours", []))
        ]

    @translated
    def cluster_of(self, track_id: str) -> int | None:
        run_id = self._active_run_id()
        if run_id is None:
            return None
        doc = self._run_tracks.find_one({"run_id": run_id, "track_id": track_id}, {"cluster": 1})
        return None if not doc or doc.get("cluster") is None else int(doc["cluster"])

    @translated
    def cluster_members(self, cluster_id: int) -> list[str]:
        run_id = self._active_run_id()
        if run_id is None:
            return []
        cursor = self._run_tracks.find(
            {"run_id": run_id, "cluster": int(cluster_id)}, {"track_id": 1, "_id": 0}
        ).sort("track_id", ASCENDING)
        return [d["track_id"] for d in cursor]

    @translated
    def save_cluster_pack(self, run_id: str, pack: ClusterPack) -> None:
        self._packs.delete_many({"run_id": run_id, "cluster": int(pack.cluster_id)})
        for p in parts(pack):
            self._packs.insert_one(
                {
                    "run_id": run_id,
                    "cluster": int(pack.cluster_id),
                    "part": p.part,
                    "d": p.d,
                    "num_perm": p.num_perm,
                    "ids": p.ids,
                    "vectors": Binary(p.vectors),
                    "signatures": Binary(p.signatures or b""),
                    "b": p.b,
                    "bands": None if p.bands is None else Binary(p.bands),
                }
            )
        if self._runs.find_one({"_id": run_id}, {"_id": 1}) is None:
            # The run was dropped meanwhile (a newer one saved): nobody reads its pack.
            self._packs.delete_many({"run_id": run_id})

    @translated
    def cluster_pack(self, cluster_id: int, *, signatures: bool = True) -> ClusterPack | None:
        run_id = self._active_run_id()
        if run_id is None:
            return None
        query = {"run_id": run_id, "cluster": int(cluster_id)}
        first = self._packs.find_one(query, {"b": 1})
        # Parts written before band hashes have no "b": their signatures are needed.
        skip = not signatures and first is not None and bool(first.get("b"))
        docs = self._packs.find(query, {"signatures": 0} if skip else None).sort("part", ASCENDING)
        where = f"MongoDB at {self.display_uri}: training run {run_id}"
        stored = []
        for doc in docs:
            try:
                fields = (
                    int(doc["part"]),
                    int(doc["d"]),
                    int(doc["num_perm"]),
                    str(doc["ids"]),
                    bytes(doc["vectors"]),
                    None if skip else bytes(doc["signatures"]),
                    int(doc.get("b", 0)),
                    None if doc.get("bands") is None else bytes(doc["bands"]),
                )
            except (KeyError, TypeError, ValueError):
                raise StoreError(
                    f"{where}: cluster {cluster_id} has a malformed pack part"
                ) from None
            stored.append(PackPart(*fields))
        return joined(cluster_id, stored, where) if stored else None

    @translated
    def clusters(self) -> list[ClusterSummary]:
        run_id = self._active_run_id()
        if run_id is None:
            return []
        doc = self._runs.find_one({"_id": run_id}, {"clusters": 1})
        if not doc:
            return []
        return sorted(
            (
                ClusterSummary(
                    c["cluster_id"], self._mix_name(c), c["size"], tuple(c["top_track_ids"])
                )
                for c in doc.get("clusters", [])
            ),
            key=lambda c: c.cluster_id,
        )

    def _mix_name(self, doc: dict[str, Any]) -> Phrase:
        """A mix's name; runs saved before names were phrases have only the English words."""
        if "phrase" not in doc:
            return stored_text(doc["name"])
        where = f"MongoDB at {self.display_uri}: mix {doc['cluster_id']} name"
        return from_wire(doc["phrase"], where)


def _reason(entry: dict[str, Any], where: str) -> Phrase:
    """A neighbour's reason: ``p``, a phrase's JSON text; ``r``, English saved before phrases."""
    if "p" in entry:
        return from_wire(entry["p"], where)
    return stored_text(entry.get("r", ""))


def _json_safe(value: object) -> Any:
    """Params as JSON would keep them (numpy scalars → numbers, tuples → lists), as in SQLite."""
    return json.loads(json.dumps(value, default=json_default))


def _track_doc(run: TrainingRun, tid: str, neighbours: Sequence[Neighbour]) -> dict[str, Any]:
    cluster = run.assignments.get(tid)
    if isinstance(neighbours, EncodedList):  # training's lists arrive encoded: no Neighbours
        entries = [{"t": t, "s": s, "p": p} for t, s, p in neighbours.triples()]
    else:
        entries = [
            {"t": n.track_id, "s": float(n.score), "p": to_wire(n.reason)} for n in neighbours
        ]
    return {
        "run_id": run.run_id,
        "track_id": tid,
        "cluster": None if cluster is None else int(cluster),
        "neighbours": entries,
    }


def _run_doc(run: TrainingRun) -> dict[str, Any]:
    scaler = np.stack([run.scaler_mean, run.scaler_std]).astype("<f8")
    return {
        "_id": run.run_id,
        "created_at": float(run.created_at),
        "started_at": time.time(),
        "state": "writing",
        "feature_names": list(run.feature_names),
        "params": _json_safe(run.settings.to_dict()),
        "n_tracks": len(run.assignments),
        "centroids": Binary(np.ascontiguousarray(run.centroids, dtype="<f8").tobytes()),
        "scaler": Binary(scaler.tobytes()),
        "clusters": [
            {
                "cluster_id": int(c.cluster_id),
                "name": english(c.name),  # what a run saved before phrases had alone
                "phrase": to_wire(c.name),
                "size": int(c.size),
                "top_track_ids": list(c.top_track_ids),
            }
            for c in run.clusters
        ],
    }
