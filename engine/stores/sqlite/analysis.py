"""The analysis half of the SQLite store: feature vectors (little-endian float32 blobs) and
analysis failures, each tied to the file signature it was computed for."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

import numpy as np

from engine.feature_version import FEATURE_VERSION
from engine.models import Track, TrackFeatures
from engine.stores.sqlite.core import SQLiteCore
from engine.stores.sqlite.rows import (
    CURRENT_FAILURE,
    CURRENT_FEATURES,
    SELECT_TRACKS,
    id_chunks,
    placeholders,
    track_from_row,
)

# Present tracks without a vector of version ``?`` for their current file, not failed for it.
DUE = (
    "t.status = 'ok' "
    f"AND NOT EXISTS (SELECT 1 FROM features x WHERE {CURRENT_FEATURES}) "
    f"AND NOT EXISTS (SELECT 1 FROM analysis_failures y WHERE {CURRENT_FAILURE})"
)


class SQLiteAnalysis(SQLiteCore):
    def tracks_to_analyse(self, feature_version: int = FEATURE_VERSION) -> list[Track]:
        rows = self._conn.execute(
            f"{SELECT_TRACKS} WHERE {DUE} ORDER BY t.rowid", (feature_version,)
        )
        return [track_from_row(row) for row in rows]

    def put_features(self, features: Iterable[TrackFeatures]) -> None:
        rows = [
            (
                f.track_id,
                f.version,
                f.signature,
                json.dumps(list(f.names)),
                np.ascontiguousarray(f.vector, dtype="<f4").tobytes(),
            )
            for f in features
        ]
        with self.transaction() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO features (track_id, version, signature, names, vector) "
                "VALUES (?, ?, ?, ?, ?)",
                rows,
            )
            conn.executemany(
                "DELETE FROM analysis_failures WHERE track_id = ?", [(r[0],) for r in rows]
            )

    def put_analysis_failure(self, track_id: str, signature: str, reason: str) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM features WHERE track_id = ?", (track_id,))
            conn.execute(
                "INSERT OR REPLACE INTO analysis_failures (track_id, signature, reason) "
                "VALUES (?, ?, ?)",
                (track_id, signature, reason),
            )

    def get_features(self, track_id: str) -> TrackFeatures | None:
        row = self._conn.execute(
            "SELECT track_id, version, signature, names, vector FROM features WHERE track_id = ?",
            (track_id,),
        ).fetchone()
        if row is None:
            return None
        names = tuple(json.loads(row[3]))
        return TrackFeatures(
            track_id=row[0],
            vector=np.frombuffer(row[4], dtype="<f4").copy(),
            names=names,
            version=row[1],
            signature=row[2],
        )

    def feature_matrix(
        self, track_ids: Sequence[str] | None = None, *, feature_version: int = FEATURE_VERSION
    ) -> tuple[list[str], np.ndarray, tuple[str, ...]]:
        # The analysed vectors: as ``counts`` and ``tracks_to_analyse`` say (rows.py).
        sql = (
            "SELECT f.track_id, f.vector FROM features f JOIN tracks t "
            f"ON {CURRENT_FEATURES.replace('x.', 'f.')} WHERE t.status = 'ok'"
        )
        # Rows are read one at a time into one buffer: fetchall() held a million tuples at
        # once, and selecting each row's names (a 2.5 KB JSON list) cost 2.5 GB at 1M tracks.
        ids: list[str] = []
        blob = bytearray()
        if track_ids is None:
            cursors = [self._conn.execute(sql + " ORDER BY t.rowid", (feature_version,))]
        else:
            # CROSS JOIN keeps features (searched by the id list) as the outer loop; with a
            # plain join the planner walked tracks by status, a full scan per chunk.
            by_ids = sql.replace("JOIN tracks", "CROSS JOIN tracks", 1)
            cursors = (
                self._conn.execute(
                    by_ids + f" AND f.track_id IN ({placeholders(chunk)})",
                    (feature_version, *chunk),
                )
                for chunk in id_chunks(list(track_ids))
            )
        for cursor in cursors:
            for track_id, vector in cursor:
                ids.append(track_id)
                blob += vector
        if not ids:
            return [], np.zeros((0, 0), dtype=np.float32), ()
        # One version has one layout; the first row's names say it.
        (names_json,) = self._conn.execute(
            "SELECT names FROM features WHERE track_id = ?", (ids[0],)
        ).fetchone()
        matrix = np.frombuffer(blob, dtype="<f4").reshape(len(ids), -1)
        return ids, matrix.astype(np.float32), tuple(json.loads(names_json))

    def analysis_failures(self) -> dict[str, str]:
        rows = self._conn.execute(
            "SELECT y.track_id, y.reason FROM analysis_failures y JOIN tracks t "
            f"ON {CURRENT_FAILURE} WHERE t.status = 'ok'"
        )
        return dict(rows.fetchall())
