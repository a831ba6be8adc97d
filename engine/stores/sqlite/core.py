"""The one SQLite core: a file in WAL mode, one connection per thread, numbered migrations
applied on open (refusing a database written by a newer Encore), and a transaction context
manager. The embedded store (:class:`SQLiteCore`) and the event outbox
(:mod:`engine.events.outbox`) both open their files through :class:`SQLiteFile`."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from engine.errors import EncoreError, StoreError
from engine.stores.sqlite_schema import MIGRATIONS


def migrate(conn: sqlite3.Connection, migrations: Sequence[str]) -> int:
    """Apply the pending numbered ``migrations`` in one transaction each.

    ``PRAGMA user_version`` records how many have been applied. Returns the resulting version.

    Raises
    ------
    sqlite3.DatabaseError
        The file records more migrations than ``migrations`` holds: a newer Encore wrote it,
        and this one must not guess at its layout.
    """
    latest = len(migrations)
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    if current > latest:
        raise sqlite3.DatabaseError(
            f"database schema version {current} is newer than this Encore ({latest})"
        )
    for number in range(current, latest):
        try:
            conn.executescript(
                "BEGIN;" + migrations[number] + f"; PRAGMA user_version = {number + 1}; COMMIT;"
            )
        except sqlite3.Error:
            if conn.in_transaction:
                conn.rollback()
            raise
    return latest


class SQLiteFile:
    """One SQLite file shared between threads, migrated when opened.

    Parameters
    ----------
    path : Path
    migrations : sequence of str
        The file's numbered migrations (see :func:`migrate`).
    what : str
        What the file holds, for error messages ("library database", "event outbox").
    error : type of EncoreError
        Raised when the file cannot be opened, or is used after :meth:`close` with
        ``reopen=False``.
    autocommit : bool
        ``isolation_level=None``: every statement outside an explicit ``BEGIN`` is its own
        transaction (the outbox's one-row INSERTs hold the write lock for microseconds).
    manual_checkpoint : bool
        Turn SQLite's automatic WAL checkpoint off; the owner checkpoints from its own thread.
    reopen : bool
        Whether a thread may open a fresh connection after :meth:`close`.
    """

    def __init__(
        self,
        path: Path,
        migrations: Sequence[str],
        *,
        what: str,
        error: type[EncoreError] = StoreError,
        autocommit: bool = False,
        manual_checkpoint: bool = False,
        reopen: bool = True,
    ) -> None:
        self.path = Path(path)
        self.what = what
        self._error = error
        self._autocommit = autocommit
        self._manual_checkpoint = manual_checkpoint
        self._reopen = reopen
        self._closed = False
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.version = migrate(self.conn, migrations)
        except (OSError, sqlite3.Error) as exc:
            self.close()
            raise error(f"{self.path}: cannot open the {what} ({exc})") from None

    @property
    def conn(self) -> sqlite3.Connection:
        """This thread's connection (opened on first use)."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            if self._closed and not self._reopen:
                raise self._error(f"{self.path}: the {self.what} is closed")
            conn = sqlite3.connect(
                self.path,
                timeout=30,
                check_same_thread=False,
                isolation_level=None if self._autocommit else "",
            )
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            if self._manual_checkpoint:
                conn.execute("PRAGMA wal_autocheckpoint=0")
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Commit on success, roll back on an exception."""
        conn = self.conn
        if self._autocommit:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            return
        with conn:
            yield conn

    def close(self) -> None:
        with self._lock:
            self._closed = True
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()


# Page cache of a connection while it writes a bulk of rows (a training run's lists): the
# lists' index takes a random-order insert per track, ~80 MB of index pages at a million
# tracks, which SQLite's default 2 MB cache re-reads from the OS for nearly every insert.
BULK_CACHE_KIB = 128 * 1024


@contextmanager
def bulk_cache(conn: sqlite3.Connection, kib: int = BULK_CACHE_KIB) -> Iterator[None]:
    """Give ``conn`` a ``kib`` page cache for the block, then its previous size back."""
    before = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = -{int(kib)}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size = {int(before)}")


class SQLiteCore:
    """Base of the embedded store's parts (library, analysis, runs): one library file."""

    def __init__(self, path: Path) -> None:
        self._db = SQLiteFile(path, MIGRATIONS, what="library database", error=StoreError)
        self.path = self._db.path

    @property
    def _conn(self) -> sqlite3.Connection:
        return self._db.conn

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        return self._db.transaction()

    def close(self) -> None:
        self._db.close()
