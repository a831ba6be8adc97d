"""The MongoDB store's core: the client and database, one-line errors that name the server
(without credentials), and the counter that keeps insertion order."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from pymongo import MongoClient, ReturnDocument
from pymongo.collection import Collection
from pymongo.errors import PyMongoError

from engine.errors import StoreError
from engine.stores.mongo_schema import (
    CLUSTER_PACKS,
    DEFAULT_DATABASE,
    FEATURES,
    IMPORT_FAILURES,
    RUN_TRACKS,
    RUNS,
    STATE,
    TRACK_SEQ_DOC,
    TRACKS,
    ensure_schema,
)
from engine.stores.mongo_uri import describe_error, redact_uri

# Documents per bulk write, and ids per ``$in`` list.
BATCH = 5000
ID_CHUNK = 10000

F = TypeVar("F", bound=Callable[..., Any])


def translated(method: F) -> F:
    """Turn pymongo's exceptions into a StoreError that names the server."""

    @functools.wraps(method)
    def wrapper(self: MongoCore, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except PyMongoError as exc:
            raise self.error(exc) from None

    return wrapper  # type: ignore[return-value]


def reserve_seq(state: Collection, n: int) -> int:
    """The first of ``n`` fresh insertion-order numbers (iter_tracks and feature_matrix keep
    insertion order, as SQLite does); only newly inserted documents take theirs."""
    counter = state.find_one_and_update(
        {"_id": TRACK_SEQ_DOC},
        {"$inc": {"value": n}},
        upsert=True,
        return_document=ReturnDocument.AFTER,
    )
    return int(counter["value"]) - n


class MongoCore:
    def __init__(self, uri: str, *, timeout_ms: int = 3000, database: str | None = None) -> None:
        self.display_uri = redact_uri(uri)
        self._uri = uri  # only to hide its secrets should an error quote them
        self._client: MongoClient | None = None
        try:
            self._client = MongoClient(
                uri,
                serverSelectionTimeoutMS=timeout_ms,
                connectTimeoutMS=timeout_ms,
                appname="encore",
            )
            self._db = (
                self._client[database]
                if database
                else self._client.get_default_database(default=DEFAULT_DATABASE)
            )
            # Fail now, in one line, rather than on the first query somewhere in the UI.
            self._client.admin.command("ping")
            ensure_schema(self._db)
        except (PyMongoError, ValueError, TypeError) as exc:
            if self._client is not None:
                self._client.close()
            reason = describe_error(exc, uri)
            if "timed out" in reason.lower() or "refused" in reason.lower():
                reason = f"unreachable ({reason})"
            raise StoreError(f"MongoDB at {self.display_uri}: {reason}") from None
        self._tracks = self._db[TRACKS]
        self._features = self._db[FEATURES]
        self._import_failures = self._db[IMPORT_FAILURES]
        self._runs = self._db[RUNS]
        self._run_tracks = self._db[RUN_TRACKS]
        self._packs = self._db[CLUSTER_PACKS]
        self._state = self._db[STATE]

    @property
    def database_name(self) -> str:
        return self._db.name

    def error(self, exc: PyMongoError) -> StoreError:
        return StoreError(f"MongoDB at {self.display_uri}: {describe_error(exc, self._uri)}")

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
