"""The embedded store: one SQLite file in WAL mode, one connection per thread.

The class is assembled from one module per concern, all on the same connection core
(:mod:`.core`): the library (:mod:`.library`), analysis results (:mod:`.analysis`), training
runs (:mod:`.runs`) and playlists (:mod:`.playlists`). Schema changes go in
:mod:`engine.stores.sqlite_schema`.
"""

from __future__ import annotations

from engine.stores.sqlite.analysis import SQLiteAnalysis
from engine.stores.sqlite.library import SQLiteLibrary
from engine.stores.sqlite.lock import SQLiteLock
from engine.stores.sqlite.playlists import SQLitePlaylists
from engine.stores.sqlite.runs import SQLiteRuns


class SQLiteStore(SQLiteLibrary, SQLiteAnalysis, SQLiteRuns, SQLitePlaylists, SQLiteLock):
    """:class:`~engine.stores.protocol.Store` on one SQLite file."""


__all__ = ["SQLiteStore"]
