"""The library half of the SQLite store: tracks, their files' signatures, import failures."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence

from engine.feature_version import FEATURE_VERSION
from engine.models import FileSignature, ImportFailure, Track
from engine.stores.sqlite.core import SQLiteCore
from engine.stores.sqlite.rows import (
    CURRENT_FAILURE,
    CURRENT_FEATURES,
    SELECT_TRACKS,
    TRACK_COLUMNS,
    id_chunks,
    placeholders,
    track_from_row,
    track_row,
    track_values,
)
from engine.stores.values import loaded_path, stored_path, valid_ids

_BATCH = 5000
_UPSERT_TRACK = (
    f"INSERT INTO tracks ({TRACK_COLUMNS}) VALUES ({', '.join('?' * 15)}) "
    "ON CONFLICT(track_id) DO UPDATE SET path=excluded.path, title=excluded.title, "
    "artist=excluded.artist, album=excluded.album, album_artist=excluded.album_artist, "
    "genre=excluded.genre, track_no=excluded.track_no, disc_no=excluded.disc_no, "
    "year=excluded.year, duration=excluded.duration, has_cover=excluded.has_cover, "
    "size=excluded.size, mtime_ns=excluded.mtime_ns, status=excluded.status"
)


class SQLiteLibrary(SQLiteCore):
    def upsert_tracks(self, tracks: Iterable[Track]) -> None:
        batch: list[tuple] = []
        with self.transaction() as conn:
            for track in tracks:
                batch.append(track_row(track))
                if len(batch) >= _BATCH:
                    self._write_tracks(conn, batch)
                    batch = []
            if batch:
                self._write_tracks(conn, batch)

    @staticmethod
    def _write_tracks(conn: sqlite3.Connection, rows: list[tuple]) -> None:
        # A path now used by another id (file replaced in place) frees its old row's path.
        conn.executemany(
            # A raw-bytes path (not UTF-8) must stay a blob, or reading the row fails to decode.
            "UPDATE tracks SET path = CASE typeof(path) "
            "WHEN 'blob' THEN CAST(path || char(0) || track_id AS BLOB) "
            "ELSE path || char(0) || track_id END, status = 'missing' "
            "WHERE path = ? AND track_id != ?",
            [(row[1], row[0]) for row in rows],
        )
        conn.executemany(_UPSERT_TRACK, rows)

    def file_index(self) -> dict[str, tuple[FileSignature, str]]:
        rows = self._conn.execute(
            "SELECT path, size, mtime_ns, track_id FROM tracks WHERE status = 'ok'"
        )
        return {
            loaded_path(path): (FileSignature(size, mtime), tid) for path, size, mtime, tid in rows
        }

    def mark_missing(self, track_ids: Iterable[str]) -> None:
        ids = list(track_ids)
        with self.transaction() as conn:
            for chunk in id_chunks(ids):
                conn.execute(
                    f"UPDATE tracks SET status = 'missing' WHERE track_id IN "
                    f"({placeholders(chunk)})",
                    chunk,
                )

    def record_import_failures(
        self, failures: Iterable[tuple[ImportFailure, FileSignature]]
    ) -> None:
        with self.transaction() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO import_failures (path, size, mtime_ns, reason) "
                "VALUES (?, ?, ?, ?)",
                [(stored_path(f.path), s.size, s.mtime_ns, f.reason) for f, s in failures],
            )

    def clear_import_failures(self, paths: Iterable[str]) -> None:
        with self.transaction() as conn:
            conn.executemany(
                "DELETE FROM import_failures WHERE path = ?", [(stored_path(p),) for p in paths]
            )

    def import_failures(self) -> dict[str, tuple[FileSignature, str]]:
        rows = self._conn.execute("SELECT path, size, mtime_ns, reason FROM import_failures")
        return {
            loaded_path(path): (FileSignature(size, mtime), reason)
            for path, size, mtime, reason in rows
        }

    def get_track(self, track_id: str) -> Track | None:
        return self.get_tracks([track_id]).get(track_id)

    def get_tracks(self, track_ids: Sequence[str]) -> dict[str, Track]:
        found: dict[str, Track] = {}
        for chunk in id_chunks(valid_ids(track_ids)):
            rows = self._conn.execute(
                f"{SELECT_TRACKS} WHERE t.track_id IN ({placeholders(chunk)})", chunk
            )
            for row in rows:
                track = track_from_row(row)
                found[track.track_id] = track
        return found

    def find_by_path(self, path: str) -> Track | None:
        row = self._conn.execute(
            f"{SELECT_TRACKS} WHERE t.path = ?", (stored_path(path),)
        ).fetchone()
        return track_from_row(row) if row else None

    def iter_tracks(self, *, include_missing: bool = False) -> Iterator[Track]:
        where = "" if include_missing else " WHERE t.status = 'ok'"
        cursor = self._conn.execute(f"{SELECT_TRACKS}{where} ORDER BY t.rowid")
        while rows := cursor.fetchmany(2000):
            for row in rows:
                yield track_from_row(row)

    def genres(self) -> dict[str, str]:
        return dict(
            self._conn.execute(
                "SELECT track_id, genre FROM tracks WHERE status = 'ok' AND genre != ''"
            )
        )

    def track_rows(self, *, include_missing: bool = False) -> list[tuple]:
        where = "" if include_missing else " WHERE t.status = 'ok'"
        rows = self._conn.execute(f"{SELECT_TRACKS}{where} ORDER BY t.rowid").fetchall()
        for i, row in enumerate(rows):
            rows[i] = track_values(row)  # in place: 100k rows are never held twice
        return rows

    def counts(self, *, feature_version: int = FEATURE_VERSION) -> dict[str, int]:
        conn = self._conn
        one = lambda sql, *args: conn.execute(sql, args).fetchone()[0]  # noqa: E731
        tracks = one("SELECT count(*) FROM tracks WHERE status = 'ok'")
        analysed = one(
            "SELECT count(*) FROM tracks t WHERE t.status = 'ok' AND EXISTS "
            f"(SELECT 1 FROM features x WHERE {CURRENT_FEATURES})",
            feature_version,
        )
        failed = one(
            "SELECT count(*) FROM tracks t WHERE t.status = 'ok' AND EXISTS "
            f"(SELECT 1 FROM analysis_failures y WHERE {CURRENT_FAILURE})"
        )
        return {
            "tracks": tracks,
            "missing": one("SELECT count(*) FROM tracks WHERE status = 'missing'"),
            "import_failed": one("SELECT count(*) FROM import_failures"),
            "analysed": analysed,
            "analysis_failed": failed,
            # Disjoint by construction (a vector and a failure replace each other), so this is
            # exactly what ``tracks_to_analyse`` returns.
            "analysis_pending": tracks - analysed - failed,
        }
