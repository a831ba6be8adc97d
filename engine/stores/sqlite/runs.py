"""Training results in the SQLite store: runs (centroids, scaler, params), cluster
assignments, precomputed neighbours and cluster summaries; one run is active at a time."""

from __future__ import annotations

import json

import numpy as np

from engine.models import ClusterSummary, Neighbour, RunInfo, TrainingRun
from engine.phrase_english import english
from engine.phrases import from_wire, stored_text, to_wire
from engine.run_settings import RunSettings
from engine.stored_list import neighbours_text, read_list
from engine.stores.cluster_pack import ClusterPack, PackPart, joined, parts
from engine.stores.sqlite.core import SQLiteCore, bulk_cache
from engine.stores.values import json_default

_ACTIVE_RUN = "(SELECT run_id FROM runs WHERE active = 1)"


class SQLiteRuns(SQLiteCore):
    def save_run(self, run: TrainingRun) -> None:
        meta = {
            "feature_names": list(run.feature_names),
            "params": run.settings.to_dict(),
            "n_tracks": len(run.assignments),
        }
        scaler = np.stack([run.scaler_mean, run.scaler_std]).astype("<f8")
        # The cache returns to its size after the commit has written the dirty pages.
        with bulk_cache(self._conn), self.transaction() as conn:
            conn.execute(
                "INSERT INTO runs (run_id, created_at, meta, centroids, scaler, active) "
                "VALUES (?, ?, ?, ?, ?, 0)",
                (
                    run.run_id,
                    run.created_at,
                    json.dumps(meta, default=json_default),
                    np.ascontiguousarray(run.centroids, dtype="<f8").tobytes(),
                    scaler.tobytes(),
                ),
            )
            # In key order: the table is its primary key's B-tree, and a million inserts in
            # random order split pages all over it (1M rows: 10.4 s, 5.6 s sorted).
            conn.executemany(
                "INSERT INTO assignments (run_id, track_id, cluster) VALUES (?, ?, ?)",
                ((run.run_id, tid, int(c)) for tid, c in sorted(run.assignments.items())),
            )
            conn.executemany(
                "INSERT INTO neighbour_lists (run_id, track_id, list) VALUES (?, ?, ?)",
                (
                    # The list's stored text (engine.stored_list; training's lists arrive
                    # encoded). Streamed inside the transaction: a failure while reading rolls back.
                    (run.run_id, tid, neighbours_text(ns))
                    for tid, ns in run.neighbour_items()
                ),
            )
            conn.executemany(
                "INSERT INTO clusters (run_id, cluster, name, phrase, size, top_tracks) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    (
                        run.run_id,
                        c.cluster_id,
                        english(c.name),
                        to_wire(c.name),
                        c.size,
                        json.dumps(list(c.top_track_ids)),
                    )
                    for c in run.clusters
                ),
            )
            conn.execute("UPDATE runs SET active = (run_id = ?)", (run.run_id,))
            # Keep the previous run for comparison/rollback; drop anything older.
            conn.execute(
                "DELETE FROM runs WHERE run_id NOT IN "
                "(SELECT run_id FROM runs ORDER BY active DESC, created_at DESC LIMIT 2)"
            )

    def _active_run_id(self) -> str | None:
        row = self._conn.execute("SELECT run_id FROM runs WHERE active = 1").fetchone()
        return row[0] if row else None

    def active_run(self) -> RunInfo | None:
        row = self._conn.execute(
            "SELECT run_id, created_at, meta, centroids, scaler FROM runs WHERE active = 1"
        ).fetchone()
        if row is None:
            return None
        meta = json.loads(row[2])
        names = tuple(meta["feature_names"])
        d = len(names)
        scaler = np.frombuffer(row[4], dtype="<f8").reshape(2, d)
        return RunInfo(
            run_id=row[0],
            created_at=row[1],
            feature_names=names,
            scaler_mean=scaler[0].copy(),
            scaler_std=scaler[1].copy(),
            centroids=np.frombuffer(row[3], dtype="<f8").reshape(-1, d).copy(),
            settings=RunSettings.from_dict(
                meta["params"], where=f"{self.path}: training run {row[0]} settings"
            ),
            n_tracks=meta["n_tracks"],
        )

    def neighbours(self, track_id: str, limit: int) -> list[Neighbour]:
        row = self._conn.execute(
            # The active run id as a scalar subquery, so the primary key (run_id, track_id) is
            # searched; a join let the planner scan the whole table (~10 ms at 100k).
            f"SELECT list FROM neighbour_lists WHERE run_id = {_ACTIVE_RUN} AND track_id = ?",
            (track_id,),
        ).fetchone()
        if row is None or limit < 1:
            return []
        return read_list(row[0], f"{self.path}: neighbours of {track_id}", limit)

    def cluster_of(self, track_id: str) -> int | None:
        row = self._conn.execute(
            f"SELECT cluster FROM assignments WHERE run_id = {_ACTIVE_RUN} AND track_id = ?",
            (track_id,),
        ).fetchone()
        return row[0] if row else None

    def cluster_members(self, cluster_id: int) -> list[str]:
        rows = self._conn.execute(
            f"SELECT track_id FROM assignments WHERE run_id = {_ACTIVE_RUN} AND cluster = ? "
            "ORDER BY track_id",
            (cluster_id,),
        )
        return [r[0] for r in rows]

    def save_cluster_pack(self, run_id: str, pack: ClusterPack) -> None:
        with self.transaction() as conn:
            conn.execute(
                "DELETE FROM cluster_packs WHERE run_id = ? AND cluster = ?",
                (run_id, pack.cluster_id),
            )
            # A run dropped meanwhile (a newer one saved) gets no pack: the foreign key
            # would refuse it, and nobody reads it.
            if conn.execute("SELECT 1 FROM runs WHERE run_id = ?", (run_id,)).fetchone():
                conn.executemany(
                    "INSERT INTO cluster_packs (run_id, cluster, part, d, num_perm, b, ids, "
                    "vectors, bands, signatures) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        (
                            run_id,
                            pack.cluster_id,
                            p.part,
                            p.d,
                            p.num_perm,
                            p.b,
                            p.ids,
                            p.vectors,
                            p.bands,
                            p.signatures,
                        )
                        for p in parts(pack)
                    ),
                )

    def cluster_pack(self, cluster_id: int, *, signatures: bool = True) -> ClusterPack | None:
        # The signatures, last in the row, are not read at all unless needed.
        rows = self._conn.execute(
            "SELECT part, d, num_perm, ids, vectors, "
            "CASE WHEN ? OR bands IS NULL THEN signatures END, b, bands FROM cluster_packs "
            f"WHERE run_id = {_ACTIVE_RUN} AND cluster = ? ORDER BY part",
            (signatures, cluster_id),
        ).fetchall()
        if not rows:
            return None
        return joined(cluster_id, [PackPart(*row) for row in rows], f"{self.path}")

    def clusters(self) -> list[ClusterSummary]:
        rows = self._conn.execute(
            "SELECT cluster, name, phrase, size, top_tracks FROM clusters c "
            "JOIN runs r USING (run_id) WHERE r.active = 1 ORDER BY cluster"
        )
        return [
            ClusterSummary(
                cid,
                # Runs saved before names were phrases have only the English words.
                stored_text(name)
                if phrase is None
                else from_wire(phrase, f"{self.path}: mix {cid} name"),
                size,
                tuple(json.loads(top)),
            )
            for cid, name, phrase, size, top in rows
        ]
