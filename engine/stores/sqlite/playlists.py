"""Playlists in the SQLite store: one row per playlist, one per entry (position, track id).

Every change rewrites the playlist's entries in one transaction: playlists are short (hundreds
to a few thousand entries), and a rewrite keeps positions dense without shifting rows under
the primary key.
"""

from __future__ import annotations

import sqlite3
import time
import uuid
from collections.abc import Callable, Iterable, Sequence

from engine.errors import PlaylistError
from engine.models import Playlist
from engine.stores.playlist_edits import inserted, without
from engine.stores.sqlite.core import SQLiteCore
from engine.stores.values import playlist_name


class SQLitePlaylists(SQLiteCore):
    def playlists(self) -> list[Playlist]:
        # One statement, so one snapshot: read as two, a playlist created by another thread in
        # between had entries but no row (a KeyError for whoever was saving beside it).
        rows = self._conn.execute(
            "SELECT p.playlist_id, p.name, p.created_at, p.updated_at, e.track_id "
            "FROM playlists p LEFT JOIN playlist_entries e USING (playlist_id) "
            "ORDER BY p.name, p.playlist_id, e.position"
        ).fetchall()
        heads: dict[str, tuple[str, float, float]] = {}
        entries: dict[str, list[str]] = {}
        for pid, name, created, updated, tid in rows:
            heads.setdefault(pid, (name, created, updated))
            entries.setdefault(pid, [])
            if tid is not None:
                entries[pid].append(tid)
        return [Playlist(pid, n, tuple(entries[pid]), c, u) for pid, (n, c, u) in heads.items()]

    def get_playlist(self, name: str) -> Playlist | None:
        return self._read(self._conn, playlist_name(name))

    def create_playlist(self, name: str, track_ids: Sequence[str] = ()) -> Playlist:
        clean = playlist_name(name)
        now = time.time()
        pid = uuid.uuid4().hex
        try:
            with self.transaction() as conn:
                conn.execute(
                    "INSERT INTO playlists (playlist_id, name, created_at, updated_at) "
                    "VALUES (?, ?, ?, ?)",
                    (pid, clean, now, now),
                )
                self._write(conn, pid, list(track_ids), now)
        except sqlite3.IntegrityError:
            raise PlaylistError(f"a playlist named {clean!r} already exists") from None
        return Playlist(pid, clean, tuple(track_ids), now, now)

    def rename_playlist(self, name: str, new_name: str) -> None:
        old, new = playlist_name(name), playlist_name(new_name)
        try:
            with self.transaction() as conn:
                cur = conn.execute(
                    "UPDATE playlists SET name = ?, updated_at = ? WHERE name = ?",
                    (new, time.time(), old),
                )
        except sqlite3.IntegrityError:
            raise PlaylistError(f"a playlist named {new!r} already exists") from None
        if cur.rowcount == 0:
            raise _missing(old)

    def delete_playlist(self, name: str) -> bool:
        with self.transaction() as conn:
            cur = conn.execute("DELETE FROM playlists WHERE name = ?", (playlist_name(name),))
        return cur.rowcount > 0

    def set_playlist_tracks(self, name: str, track_ids: Sequence[str]) -> None:
        self._change(name, lambda _: list(track_ids))

    def add_to_playlist(
        self, name: str, track_ids: Sequence[str], *, position: int | None = None
    ) -> None:
        self._change(name, lambda ids: inserted(ids, track_ids, position))

    def remove_from_playlist(self, name: str, track_ids: Iterable[str]) -> int:
        gone = set(track_ids)
        removed = 0

        def edit(ids: list[str]) -> list[str]:
            nonlocal removed
            kept = without(ids, gone)
            removed = len(ids) - len(kept)
            return kept

        self._change(name, edit)
        return removed

    # --- helpers ---------------------------------------------------------------------------
    def _change(self, name: str, edit: Callable[[list[str]], list[str]]) -> None:
        clean = playlist_name(name)
        with self.transaction() as conn:
            current = self._read(conn, clean)
            if current is None:
                raise _missing(clean)
            self._write(conn, current.playlist_id, edit(list(current.track_ids)), time.time())

    @staticmethod
    def _read(conn: sqlite3.Connection, name: str) -> Playlist | None:
        row = conn.execute(
            "SELECT playlist_id, created_at, updated_at FROM playlists WHERE name = ?", (name,)
        ).fetchone()
        if row is None:
            return None
        ids = conn.execute(
            "SELECT track_id FROM playlist_entries WHERE playlist_id = ? ORDER BY position",
            (row[0],),
        )
        return Playlist(row[0], name, tuple(t for (t,) in ids), row[1], row[2])

    @staticmethod
    def _write(conn: sqlite3.Connection, pid: str, track_ids: list[str], now: float) -> None:
        conn.execute("DELETE FROM playlist_entries WHERE playlist_id = ?", (pid,))
        conn.executemany(
            "INSERT INTO playlist_entries (playlist_id, position, track_id) VALUES (?, ?, ?)",
            ((pid, i, str(t)) for i, t in enumerate(track_ids)),
        )
        conn.execute("UPDATE playlists SET updated_at = ? WHERE playlist_id = ?", (now, pid))


def _missing(name: str) -> PlaylistError:
    return PlaylistError(f"no playlist named {name!r}")
