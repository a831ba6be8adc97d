"""The durable local outbox: every message the app produces is one SQLite row first.

``append`` is one small INSERT in WAL mode and never touches the network, so the player can call
it from any thread without stalling. Rows stay *pending* until a publisher has had the broker
acknowledge them; then they are *delivered* (and kept: in the embedded default the outbox *is*
the event log that popularity reads).

Which rows are delivered is kept as id ranges in a second SQLite file beside the outbox
(``<name>-delivered.sqlite3``). The outbox file itself only ever receives INSERTs, so marking a
batch delivered never holds the lock that ``record()`` needs: SQLite's busy handler sleeps at
least a millisecond when it meets a lock, which alone would break a sub-millisecond ``record()``.
For the same reason, while a publisher runs, it (not the recording thread) checkpoints the WAL.

Durability: ``synchronous=NORMAL`` in WAL mode survives an application crash or kill; only an
operating-system crash or power loss can drop the last few commits. ``FULL`` would fsync every
event and cost milliseconds per ``record()``.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from engine.errors import EncoreError
from engine.stores.sqlite.core import SQLiteFile

_MIGRATIONS: tuple[str, ...] = (
    # 1: the outbox itself. event_time and kind are copied out of the payload when the row is
    # written so the event log can filter by time and stats can count by type without parsing.
    """
    CREATE TABLE outbox (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        topic        TEXT NOT NULL,
        key          TEXT NOT NULL,
        payload      BLOB NOT NULL,
        kind         TEXT NOT NULL DEFAULT '',
        event_time   REAL NOT NULL,
        created_at   REAL NOT NULL
    );
    CREATE INDEX outbox_topic_time ON outbox(topic, event_time);
    """,
    # 2: imported history carries a stable key so importing the same file twice adds nothing.
    """
    ALTER TABLE outbox ADD COLUMN dedup_key TEXT;
    CREATE UNIQUE INDEX outbox_dedup ON outbox(dedup_key) WHERE dedup_key IS NOT NULL;
    """,
    # 3: whose play event a row is (PlayEvent.who: its listener, else its device), so one
    # listener's events are read, and forgotten, without decoding everyone's: at a million
    # events For you's first read was 30 s of CPU decoding other listeners' rows.
    """
    ALTER TABLE outbox ADD COLUMN who TEXT;
    UPDATE outbox SET who = coalesce(
        nullif(json_extract(CAST(payload AS TEXT), '$.listener'), ''), key
    ) WHERE topic = 'encore.play-events';
    CREATE INDEX outbox_who_time ON outbox(topic, who, event_time);
    """,
    # 4: how many times each listener forgot their history, counted in the DELETE's own
    # transaction: a window open while a terminal runs "history clear" sees the count move
    # (the events only ever grow otherwise) and drops the model it built from them.
    """
    CREATE TABLE forgotten (
        who     TEXT PRIMARY KEY,
        clears  INTEGER NOT NULL,
        at      REAL NOT NULL
    );
    """,
)

# The delivered-ranges file beside the outbox. "IF NOT EXISTS": files written before it was
# migrated (user_version 0) already hold the table.
_DELIVERED_MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE IF NOT EXISTS delivered (
        lo INTEGER PRIMARY KEY,   -- first outbox id of a run of delivered rows
        hi INTEGER NOT NULL,      -- last id of the run (inclusive)
        at REAL NOT NULL
    );
    """,
)


class OutboxError(EncoreError):
    """The outbox database cannot be opened or written."""


@dataclass(frozen=True, slots=True)
class OutboxRow:
    id: int
    topic: str
    key: str
    payload: bytes


@dataclass(frozen=True, slots=True)
class Message:
    """What a producer hands to :meth:`Outbox.append`."""

    topic: str
    key: str
    payload: bytes
    kind: str = ""
    event_time: float | None = None
    dedup_key: str | None = None  # rows with a key already present are skipped
    who: str | None = None  # a play event's listener (PlayEvent.who)


class Outbox:
    """A SQLite outbox file; safe to share between threads (one connection per thread).

    ``manual_checkpoint=True`` (server mode) turns off SQLite's automatic WAL checkpoint on
    every connection: the publisher calls :meth:`checkpoint` from its own thread instead.
    """

    def __init__(self, path: Path, *, manual_checkpoint: bool = False) -> None:
        self.path = Path(path)
        self.delivered_path = self.path.with_name(f"{self.path.stem}-delivered.sqlite3")
        self.manual_checkpoint = manual_checkpoint
        # Both files through the stores' SQLite core (migrations, "newer database" guard);
        # autocommit: each INSERT is its own short transaction, so record() holds the write
        # lock for microseconds only.

        def open_file(path: Path, migrations: tuple[str, ...]) -> SQLiteFile:
            return SQLiteFile(
                path,
                migrations,
                what="event outbox",
                error=OutboxError,
                autocommit=True,
                manual_checkpoint=manual_checkpoint,
                reopen=False,
            )

        self._outbox = open_file(self.path, _MIGRATIONS)
        try:
            self._delivered = open_file(self.delivered_path, _DELIVERED_MIGRATIONS)
        except OutboxError:
            self._outbox.close()
            raise

    # --- connections -----------------------------------------------------------------------
    @property
    def _conn(self) -> sqlite3.Connection:
        return self._outbox.conn

    @property
    def _dconn(self) -> sqlite3.Connection:
        return self._delivered.conn

    def checkpoint(self) -> None:
        """Fold the WAL back into the database without blocking writers (PASSIVE)."""
        self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def close(self) -> None:
        self._outbox.close()
        self._delivered.close()

    # --- writing ---------------------------------------------------------------------------
    def append(self, message: Message) -> int:
        """Store one message durably; returns its row id. Never touches the network."""
        now = time.time()
        try:
            cur = self._conn.execute(
                "INSERT INTO outbox (topic, key, payload, kind, event_time, created_at, who) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    message.topic,
                    message.key,
                    message.payload,
                    message.kind,
                    now if message.event_time is None else message.event_time,
                    now,
                    message.who,
                ),
            )
        except sqlite3.Error as exc:
            raise OutboxError(f"{self.path}: cannot record an event ({exc})") from None
        return int(cur.lastrowid or 0)

    def append_many(self, messages: Iterable[Message]) -> int:
        """Store many messages in one transaction; returns how many were new (a message whose
        ``dedup_key`` is already in the outbox is skipped)."""
        now = time.time()
        rows = [
            (
                m.topic,
                m.key,
                m.payload,
                m.kind,
                now if m.event_time is None else m.event_time,
                now,
                m.dedup_key,
                m.who,
            )
            for m in messages
        ]
        try:
            with self._outbox.transaction() as conn:
                before = conn.total_changes
                # Only a repeated dedup_key is skipped: OR IGNORE would also drop a row breaking
                # NOT NULL (a NaN event time is stored as NULL) and count it as already imported.
                conn.executemany(
                    "INSERT INTO outbox "
                    "(topic, key, payload, kind, event_time, created_at, dedup_key, who) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (dedup_key) WHERE dedup_key IS NOT NULL DO NOTHING",
                    rows,
                )
                added = conn.total_changes - before
        except sqlite3.Error as exc:
            raise OutboxError(f"{self.path}: cannot record events ({exc})") from None
        return added

    # --- delivery --------------------------------------------------------------------------
    def _ranges(self) -> list[tuple[int, int]]:
        return [
            (int(lo), int(hi))
            for lo, hi in self._dconn.execute("SELECT lo, hi FROM delivered ORDER BY lo")
        ]

    def pending(self, limit: int = 5000) -> list[OutboxRow]:
        """Undelivered rows, oldest first."""
        ranges = self._ranges()
        # Everything up to the end of a run starting at the first id is delivered: start after.
        after = ranges[0][1] if ranges and ranges[0][0] <= self._first_id() else 0
        later = [r for r in ranges if r[1] > after]
        result: list[OutboxRow] = []
        while len(result) < limit:
            rows = self._conn.execute(
                "SELECT id, topic, key, payload FROM outbox WHERE id > ? ORDER BY id LIMIT ?",
                (after, limit),
            ).fetchall()
            if not rows:
                break
            for i, t, k, p in rows:
                if not any(lo <= i <= hi for lo, hi in later):
                    result.append(OutboxRow(int(i), t, k, bytes(p)))
                    if len(result) == limit:
                        break
            after = int(rows[-1][0])
        return result

    def max_id(self) -> int:
        """The newest row id (0 when empty)."""
        (last,) = self._conn.execute("SELECT COALESCE(MAX(id), 0) FROM outbox").fetchone()
        return int(last)

    def _first_id(self) -> int:
        (first,) = self._conn.execute("SELECT COALESCE(MIN(id), 1) FROM outbox").fetchone()
        return int(first)

    def mark_delivered(self, ids: Sequence[int]) -> None:
        """The broker acknowledged these rows: record them as runs of ids, merged with the
        runs already stored (so the table stays a handful of rows)."""
        if not ids:
            return
        runs: list[list[int]] = []
        for i in sorted(set(ids)):
            if runs and i == runs[-1][1] + 1:
                runs[-1][1] = i
            else:
                runs.append([i, i])
        with self._delivered.transaction() as conn:
            merged = sorted([*self._ranges(), *(tuple(r) for r in runs)])
            out: list[list[int]] = []
            for lo, hi in merged:
                if out and lo <= out[-1][1] + 1:
                    out[-1][1] = max(out[-1][1], hi)
                else:
                    out.append([lo, hi])
            now = time.time()
            conn.execute("DELETE FROM delivered")
            conn.executemany(
                "INSERT INTO delivered (lo, hi, at) VALUES (?, ?, ?)",
                [(lo, hi, now) for lo, hi in out],
            )

    # --- reading ---------------------------------------------------------------------------
    def iter_payloads(
        self, topic: str, since: float | None = None, *, who: str | None = None
    ) -> Iterator[bytes]:
        """Payloads of one topic in event-time order, delivered or not (only ``who``'s play
        events when given)."""
        query = "SELECT payload FROM outbox WHERE topic = ?"
        params: list = [topic]
        if who is not None:
            query += " AND who = ?"
            params.append(who)
        if since is not None:
            query += " AND event_time >= ?"
            params.append(since)
        cur = self._conn.execute(query + " ORDER BY event_time, id", params)
        while batch := cur.fetchmany(2000):
            for (payload,) in batch:
                yield bytes(payload)

    def counts(self) -> dict[str, dict[str, int]]:
        """``{"pending": {topic: n}, "delivered": {topic: n}, "types": {kind: n}}``."""
        total: dict[str, int] = {
            t: int(n)
            for t, n in self._conn.execute("SELECT topic, COUNT(*) FROM outbox GROUP BY topic")
        }
        delivered: dict[str, int] = {}
        for lo, hi in self._ranges():
            for topic, n in self._conn.execute(
                "SELECT topic, COUNT(*) FROM outbox WHERE id BETWEEN ? AND ? GROUP BY topic",
                (lo, hi),
            ):
                delivered[topic] = delivered.get(topic, 0) + int(n)
        pending = {t: n - delivered.get(t, 0) for t, n in total.items()}
        result: dict[str, dict[str, int]] = {
            "pending": {t: n for t, n in pending.items() if n},
            "delivered": {t: n for t, n in delivered.items() if n},
            "types": {},
        }
        for kind, n in self._conn.execute(
            "SELECT kind, COUNT(*) FROM outbox WHERE kind != '' GROUP BY kind ORDER BY kind"
        ):
            result["types"][kind] = int(n)
        return result

    def pending_count(self) -> int:
        (n,) = self._conn.execute("SELECT COUNT(*) FROM outbox").fetchone()
        # Counted row by row: `history clear` may have deleted ids inside a delivered run.
        delivered = sum(
            int(
                self._conn.execute(
                    "SELECT COUNT(*) FROM outbox WHERE id BETWEEN ? AND ?", (lo, hi)
                ).fetchone()[0]
            )
            for lo, hi in self._ranges()
        )
        return int(n) - delivered

    # --- forgetting ------------------------------------------------------------------------
    def delete(self, topic: str, *, who: str, before: float | None = None) -> int:
        """Delete one listener's rows of ``topic`` (older than ``before``, else all): the only
        DELETE, for a listener who asks to forget their history; returns how many."""
        query = "DELETE FROM outbox WHERE topic = ? AND who = ?"
        params: tuple = (topic, who)
        if before is not None:
            query += " AND event_time < ?"
            params = (topic, who, before)
        try:
            with self._outbox.transaction() as conn:
                n = int(conn.execute(query, params).rowcount)
                conn.execute(
                    "INSERT INTO forgotten (who, clears, at) VALUES (?, 1, ?) "
                    "ON CONFLICT (who) DO UPDATE SET clears = clears + 1, at = excluded.at",
                    (who, time.time()),
                )
        except sqlite3.Error as exc:
            raise OutboxError(f"{self.path}: cannot delete events ({exc})") from None
        return n

    def clears(self, who: str) -> int:
        """How many times ``who`` has forgotten their history here (any process)."""
        try:
            row = self._conn.execute(
                "SELECT clears FROM forgotten WHERE who = ?", (who,)
            ).fetchone()
        except sqlite3.Error as exc:
            raise OutboxError(f"{self.path}: cannot read the history clears ({exc})") from None
        return 0 if row is None else int(row[0])
