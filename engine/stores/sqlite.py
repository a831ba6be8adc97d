"""The embedded store: one SQLite file in WAL mode, one connection per thread."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from engine.errors import StoreError
from engine.models import (
    ClusterSummary,
    FileSignature,
    ImportFailure,
    Neighbour,
    RunInfo,
    Track,
    TrackFeatures,
    TrainingRun,
)
from engine.stores.sqlite_schema import migrate

_TRACK_COLUMNS = (
    "track_id, path, title, artist, album, album_artist, genre, track_no, disc_no, year, "
    "duration, has_cover, size, mtime_ns, status"
)
_BATCH = 5000
_ACTIVE_RUN = "(SELECT run_id FROM runs WHERE active = 1)"


def _db_path(path: str) -> str | bytes:
    """A path as SQLite can hold it: file names that are not valid UTF-8 (surrogate-escaped in
    Python) go in as their raw bytes, since SQLite text must be UTF-8."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path)
    return path


def _fs_path(value: str | bytes) -> str:
    return os.fsdecode(value) if isinstance(value, bytes) else value


def _chunks(items: Sequence[str], size: int = 900) -> Iterator[Sequence[str]]:
    # SQLite caps bound parameters; 900 stays under every build's limit.
    for start in range(0, len(items), size):
        yield items[start : start + size]


class SQLiteStore:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            migrate(self._conn)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"{self.path}: cannot open library database ({exc})") from None

    # --- connections -----------------------------------------------------------------------
    @property
    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn
        with conn:
            yield conn

    def close(self) -> None:
        with self._lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()

    # --- library ---------------------------------------------------------------------------
    def upsert_tracks(self, tracks: Iterable[Track]) -> None:
        sql = (
            f"INSERT INTO tracks ({_TRACK_COLUMNS}) VALUES ({', '.join('?' * 15)}) "
            "ON CONFLICT(track_id) DO UPDATE SET path=excluded.path, title=excluded.title, "
            "artist=excluded.artist, album=excluded.album, album_artist=excluded.album_artist, "
            "genre=excluded.genre, track_no=excluded.track_no, disc_no=excluded.disc_no, "
            "year=excluded.year, duration=excluded.duration, has_cover=excluded.has_cover, "
            "size=excluded.size, mtime_ns=excluded.mtime_ns, status=excluded.status"
        )
        batch: list[tuple] = []
        with self.transaction() as conn:
            for track in tracks:
                # A path now used by another id (file replaced in place) frees its old row's path.
                batch.append(_track_row(track))
                if len(batch) >= _BATCH:
                    self._write_tracks(conn, sql, batch)
                    batch = []
            if batch:
                self._write_tracks(conn, sql, batch)

    @staticmethod
    def _write_tracks(conn: sqlite3.Connection, sql: str, rows: list[tuple]) -> None:
        conn.executemany(
            # A raw-bytes path (not UTF-8) must stay a blob, or reading the row fails to decode.
            "UPDATE tracks SET path = CASE typeof(path) "
            "WHEN 'blob' THEN CAST(path || char(0) || track_id AS BLOB) "
            "ELSE path || char(0) || track_id END, status = 'missing' "
            "WHERE path = ? AND track_id != ?",
            [(row[1], row[0]) for row in rows],
        )
        conn.executemany(sql, rows)

    def file_index(self) -> dict[str, tuple[FileSignature, str]]:
        rows = self._conn.execute(
            "SELECT path, size, mtime_ns, track_id FROM tracks WHERE status = 'ok'"
        )
        return {
            _fs_path(path): (FileSignature(size, mtime), tid) for path, size, mtime, tid in rows
        }

    def mark_missing(self, track_ids: Iterable[str]) -> None:
        ids = list(track_ids)
        with self.transaction() as conn:
            for chunk in _chunks(ids):
                conn.execute(
                    f"UPDATE tracks SET status = 'missing' WHERE track_id IN "
                    f"({','.join('?' * len(chunk))})",
                    chunk,
                )

    def record_import_failures(
        self, failures: Iterable[tuple[ImportFailure, FileSignature]]
    ) -> None:
        with self.transaction() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO import_failures (path, size, mtime_ns, reason) "
                "VALUES (?, ?, ?, ?)",
                [(_db_path(f.path), s.size, s.mtime_ns, f.reason) for f, s in failures],
            )

    def clear_import_failures(self, paths: Iterable[str]) -> None:
        with self.transaction() as conn:
            conn.executemany(
                "DELETE FROM import_failures WHERE path = ?", [(_db_path(p),) for p in paths]
            )

    def import_failures(self) -> dict[str, tuple[FileSignature, str]]:
        rows = self._conn.execute("SELECT path, size, mtime_ns, reason FROM import_failures")
        return {
            _fs_path(path): (FileSignature(size, mtime), reason)
            for path, size, mtime, reason in rows
        }

    def get_track(self, track_id: str) -> Track | None:
        return self.get_tracks([track_id]).get(track_id)

    def get_tracks(self, track_ids: Sequence[str]) -> dict[str, Track]:
        found: dict[str, Track] = {}
        for chunk in _chunks(list(track_ids)):
            rows = self._conn.execute(
                f"{self._select_tracks()} WHERE t.track_id IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            for row in rows:
                track = _track_from_row(row)
                found[track.track_id] = track
        return found

    def find_by_path(self, path: str) -> Track | None:
        row = self._conn.execute(
            f"{self._select_tracks()} WHERE t.path = ?", (_db_path(path),)
        ).fetchone()
        return _track_from_row(row) if row else None

    def iter_tracks(self, *, include_missing: bool = False) -> Iterator[Track]:
        where = "" if include_missing else " WHERE t.status = 'ok'"
        cursor = self._conn.execute(f"{self._select_tracks()}{where} ORDER BY t.rowid")
        while rows := cursor.fetchmany(2000):
            for row in rows:
                yield _track_from_row(row)

    @staticmethod
    def _select_tracks() -> str:
        cols = ", ".join(f"t.{c.strip()}" for c in _TRACK_COLUMNS.split(","))
        return (
            f"SELECT {cols}, f.version IS NOT NULL, a.reason FROM tracks t "
            "LEFT JOIN features f ON f.track_id = t.track_id "
            "LEFT JOIN analysis_failures a ON a.track_id = t.track_id"
        )

    def counts(self) -> dict[str, int]:
        conn = self._conn
        one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
        tracks = one("SELECT count(*) FROM tracks WHERE status = 'ok'")
        analysed = one(
            "SELECT count(*) FROM features f JOIN tracks t USING (track_id) WHERE t.status = 'ok'"
        )
        failed = one(
            "SELECT count(*) FROM analysis_failures a JOIN tracks t USING (track_id) "
            "WHERE t.status = 'ok'"
        )
        return {
            "tracks": tracks,
            "missing": one("SELECT count(*) FROM tracks WHERE status = 'missing'"),
            "import_failed": one("SELECT count(*) FROM import_failures"),
            "analysed": analysed,
            "analysis_failed": failed,
            "analysis_pending": max(tracks - analysed - failed, 0),
        }

    # --- analysis --------------------------------------------------------------------------
    def tracks_to_analyse(self, feature_version: int) -> list[Track]:
        rows = self._conn.execute(
            f"{self._select_tracks()} WHERE t.status = 'ok' "
            "AND NOT EXISTS (SELECT 1 FROM features x WHERE x.track_id = t.track_id "
            "  AND x.version = ? AND x.signature = t.size || ':' || t.mtime_ns) "
            "AND NOT EXISTS (SELECT 1 FROM analysis_failures y WHERE y.track_id = t.track_id "
            "  AND y.signature = t.size || ':' || t.mtime_ns) ORDER BY t.rowid",
            (feature_version,),
        )
        return [_track_from_row(row) for row in rows]

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
        self, track_ids: Sequence[str] | None = None
    ) -> tuple[list[str], np.ndarray, tuple[str, ...]]:
        sql = (
            "SELECT f.track_id, f.names, f.vector FROM features f JOIN tracks t USING (track_id) "
            "WHERE t.status = 'ok'"
        )
        if track_ids is None:
            rows = self._conn.execute(sql + " ORDER BY t.rowid").fetchall()
        else:
            rows = []
            # CROSS JOIN keeps features (searched by the id list) as the outer loop; with a
            # plain join the planner walked tracks by status, a full scan per chunk.
            by_ids = sql.replace("JOIN tracks", "CROSS JOIN tracks", 1)
            for chunk in _chunks(list(track_ids)):
                rows += self._conn.execute(
                    by_ids + f" AND f.track_id IN ({','.join('?' * len(chunk))})", chunk
                ).fetchall()
        if not rows:
            return [], np.zeros((0, 0), dtype=np.float32), ()
        names_json = rows[0][1]
        names = tuple(json.loads(names_json))
        # Vectors of another feature layout (older version) are left out: they will be re-analysed.
        kept = [r for r in rows if r[1] == names_json]
        matrix = np.frombuffer(b"".join(r[2] for r in kept), dtype="<f4").reshape(len(kept), -1)
        return [r[0] for r in kept], matrix.astype(np.float32), names

    def analysis_failures(self) -> dict[str, str]:
        rows = self._conn.execute(
            "SELECT a.track_id, a.reason FROM analysis_failures a JOIN tracks t USING (track_id) "
            "WHERE t.status = 'ok'"
        )
        return dict(rows.fetchall())

    # --- recommendation results ------------------------------------------------------------
    def save_run(self, run: TrainingRun) -> None:
        meta = {
            "feature_names": list(run.feature_names),
            "params": run.params,
            "n_tracks": len(run.assignments),
        }
        scaler = np.stack([run.scaler_mean, run.scaler_std]).astype("<f8")
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO runs (run_id, created_at, meta, centroids, scaler, active) "
                "VALUES (?, ?, ?, ?, ?, 0)",
                (
                    run.run_id,
                    run.created_at,
                    json.dumps(meta, default=_json_default),
                    np.ascontiguousarray(run.centroids, dtype="<f8").tobytes(),
                    scaler.tobytes(),
                ),
            )
            conn.executemany(
                "INSERT INTO assignments (run_id, track_id, cluster) VALUES (?, ?, ?)",
                ((run.run_id, tid, int(c)) for tid, c in run.assignments.items()),
            )
            conn.executemany(
                "INSERT INTO neighbours (run_id, track_id, rank, other_id, score, reason) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    (run.run_id, tid, rank, n.track_id, float(n.score), n.reason)
                    for tid, ns in run.neighbours.items()
                    for rank, n in enumerate(ns)
                ),
            )
            conn.executemany(
                "INSERT INTO clusters (run_id, cluster, name, size, top_tracks) "
                "VALUES (?, ?, ?, ?, ?)",
                (
                    (run.run_id, c.cluster_id, c.name, c.size, json.dumps(list(c.top_track_ids)))
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
            params=meta["params"],
            n_tracks=meta["n_tracks"],
        )

    def neighbours(self, track_id: str, limit: int) -> list[Neighbour]:
        rows = self._conn.execute(
            # The active run id as a scalar subquery, so the primary key (run_id, track_id,
            # rank) is searched; a join let the planner scan the whole table (~10 ms at 100k).
            f"SELECT other_id, score, reason FROM neighbours WHERE run_id = {_ACTIVE_RUN} "
            "AND track_id = ? ORDER BY rank LIMIT ?",
            (track_id, limit),
        )
        return [Neighbour(other, score, reason) for other, score, reason in rows]

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

    def clusters(self) -> list[ClusterSummary]:
        rows = self._conn.execute(
            "SELECT cluster, name, size, top_tracks FROM clusters c JOIN runs r USING (run_id) "
            "WHERE r.active = 1 ORDER BY cluster"
        )
        return [
            ClusterSummary(cid, name, size, tuple(json.loads(top))) for cid, name, size, top in rows
        ]


def _json_default(value: object) -> object:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _track_row(t: Track) -> tuple:
    return (
        t.track_id,
        _db_path(t.path),
        t.title,
        t.artist,
        t.album,
        t.album_artist,
        t.genre,
        t.track_no,
        t.disc_no,
        t.year,
        float(t.duration),
        int(t.has_cover),
        t.size,
        t.mtime_ns,
        t.status,
    )


def _track_from_row(row: Sequence) -> Track:
    analysed, failure = row[15], row[16]
    return Track(
        track_id=row[0],
        path=_fs_path(row[1]),
        title=row[2],
        artist=row[3],
        album=row[4],
        album_artist=row[5],
        genre=row[6],
        track_no=row[7],
        disc_no=row[8],
        year=row[9],
        duration=row[10],
        has_cover=bool(row[11]),
        size=row[12],
        mtime_ns=row[13],
        status=row[14],
        analysis="analysed" if analysed else ("failed" if failure else "pending"),
        analysis_error=failure,
    )
