"""The durable local outbox: every message the app produces is one SQLite row first.

``append`` is one small INSERT in WAL mode and never touches the network, so the player can call
it from any thread without stalling. Rows stay ``pending`` until a publisher has had the broker
acknowledge them; then they are marked ``delivered`` (and kept: in the embedded default the
outbox *is* the event log that popularity reads).

Durability: ``synchronous=NORMAL`` in WAL mode survives an application crash or kill; only an
operating-system crash or power loss can drop the last few commits. ``FULL`` would fsync every
event and cost milliseconds per ``record()``.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from engine.errors import EncoreError

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
        created_at   REAL NOT NULL,
        delivered_at REAL
    );
    CREATE INDEX outbox_pending ON outbox(id) WHERE delivered_at IS NULL;
    CREATE INDEX outbox_topic_time ON outbox(topic, event_time);
    """,
    # 2: imported history carries a stable key so importing the same file twice adds nothing.
    """
    ALTER TABLE outbox ADD COLUMN dedup_key TEXT;
    CREATE UNIQUE INDEX outbox_dedup ON outbox(dedup_key) WHERE dedup_key IS NOT NULL;
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


class Outbox:
    """A SQLite outbox file; safe to share between threads (one connection per thread)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []
        self._closed = False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._migrate(self._conn)
        except (OSError, sqlite3.Error) as exc:
            raise OutboxError(f"{self.path}: cannot open the event outbox ({exc})") from None

    # --- connections -----------------------------------------------------------------------
    @property
    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            if self._closed:
                raise OutboxError(f"{self.path}: the event outbox is closed")
            # isolation_level=None: each INSERT is its own short transaction (autocommit), so
            # record() holds the write lock for microseconds only.
            conn = sqlite3.connect(
                self.path, timeout=30, check_same_thread=False, isolation_level=None
            )
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    @staticmethod
    def _migrate(conn: sqlite3.Connection) -> None:
        (version,) = conn.execute("PRAGMA user_version").fetchone()
        for number, script in enumerate(_MIGRATIONS[version:], start=version + 1):
            conn.executescript(f"BEGIN;\n{script}\nPRAGMA user_version={number};\nCOMMIT;")

    def close(self) -> None:
        with self._lock:
            self._closed = True
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()

    # --- writing ---------------------------------------------------------------------------
    def append(self, message: Message) -> int:
        """Store one message durably; returns its row id. Never touches the network."""
        now = time.time()
        try:
            cur = self._conn.execute(
                "INSERT INTO outbox (topic, key, payload, kind, event_time, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    message.topic,
                    message.key,
                    message.payload,
                    message.kind,
                    now if message.event_time is None else message.event_time,
                    now,
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
            )
            for m in messages
        ]
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            before = conn.total_changes
            conn.executemany(
                "INSERT OR IGNORE INTO outbox "
                "(topic, key, payload, kind, event_time, created_at, dedup_key) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            added = conn.total_changes - before
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise OutboxError(f"{self.path}: cannot record events ({exc})") from None
        return added

    # --- delivery --------------------------------------------------------------------------
    def pending(self, limit: int = 5000, *, after_id: int = 0) -> list[OutboxRow]:
        """Undelivered rows, oldest first."""
        rows = self._conn.execute(
            "SELECT id, topic, key, payload FROM outbox "
            "WHERE delivered_at IS NULL AND id > ? ORDER BY id LIMIT ?",
            (after_id, limit),
        ).fetchall()
        return [OutboxRow(int(i), t, k, bytes(p)) for i, t, k, p in rows]

    def mark_delivered(self, ids: Sequence[int]) -> None:
        """The broker acknowledged these rows."""
        if not ids:
            return
        now = time.time()
        conn = self._conn
        # One short transaction for the whole batch keeps the writer lock brief for record().
        conn.execute("BEGIN IMMEDIATE")
        try:
            for start in range(0, len(ids), 900):
                chunk = ids[start : start + 900]
                conn.execute(
                    f"UPDATE outbox SET delivered_at = ? "
                    f"WHERE id IN ({','.join('?' * len(chunk))}) AND delivered_at IS NULL",
                    (now, *chunk),
                )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    # --- reading ---------------------------------------------------------------------------
    def iter_payloads(self, topic: str, since: float | None = None) -> Iterator[bytes]:
        """Payloads of one topic in event-time order, delivered or not."""
        query = "SELECT payload FROM outbox WHERE topic = ?"
        params: tuple = (topic,)
        if since is not None:
            query += " AND event_time >= ?"
            params = (topic, since)
        cur = self._conn.execute(query + " ORDER BY event_time, id", params)
        while batch := cur.fetchmany(2000):
            for (payload,) in batch:
                yield bytes(payload)

    def counts(self) -> dict[str, dict[str, int]]:
        """``{"pending": {topic: n}, "delivered": {topic: n}, "types": {kind: n}}``."""
        result: dict[str, dict[str, int]] = {"pending": {}, "delivered": {}, "types": {}}
        for topic, delivered, n in self._conn.execute(
            "SELECT topic, delivered_at IS NOT NULL, COUNT(*) FROM outbox GROUP BY 1, 2"
        ):
            result["delivered" if delivered else "pending"][topic] = int(n)
        for kind, n in self._conn.execute(
            "SELECT kind, COUNT(*) FROM outbox WHERE kind != '' GROUP BY kind ORDER BY kind"
        ):
            result["types"][kind] = int(n)
        return result

    def pending_count(self) -> int:
        (n,) = self._conn.execute(
            "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL"
        ).fetchone()
        return int(n)
