"""Stores behind the :class:`~engine.stores.protocol.Store` protocol, chosen by configuration."""

from __future__ import annotations

from engine.config import Config
from engine.stores.protocol import Store


def open_store(config: Config) -> Store:
    """SQLite in the data dir by default; MongoDB when ``mongo_uri`` is configured."""
    if config.mongo_uri:
        from engine.stores.mongo import MongoStore  # lazy: pymongo only in server mode

        return MongoStore(config.mongo_uri)
    from engine.stores.sqlite import SQLiteStore

    config.ensure_dirs()
    return SQLiteStore(config.db_path)


__all__ = ["Store", "open_store"]
