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


def _sqlite(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    return SQLiteStore(tmp_path / "library.sqlite3")


STORE_FACTORIES = {"sqlite": _sqlite}


@pytest.fixture(params=sorted(STORE_FACTORIES))
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    instance = STORE_FACTORIES[request.param](request, tmp_path)
    try:
        yield instance
    finally:
        instance.close()
