"""The ``store`` fixture: every test in tests/stores runs against each Store implementation.

Server-backed implementations add themselves to ``STORE_FACTORIES`` with a fixture that starts
the real server (see tests/integration for the mongod fixture).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.stores.protocol import Store
from engine.stores.sqlite import SQLiteStore
from tests.implementations import implementation_params


def _sqlite(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    return SQLiteStore(tmp_path / "library.sqlite3")


def _mongo(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    # A real mongod (tests/servers/mongod.py), a fresh database per test.
    from engine.stores.mongo import MongoStore

    return MongoStore(request.getfixturevalue("mongo_test_uri"))


STORE_FACTORIES = {"sqlite": _sqlite, "mongo": _mongo}


# Implementations that start a real server carry the ``servers`` marker.
SERVER_STORES = frozenset({"mongo"})


@pytest.fixture(params=implementation_params(STORE_FACTORIES, need_servers=SERVER_STORES))
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    instance = STORE_FACTORIES[request.param](request, tmp_path)
    try:
        yield instance
    finally:
        instance.close()
