"""Fixtures shared by unit-test modules."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.synthetic_library import SyntheticLibrary, fill_store
from engine.stores.sqlite import SQLiteStore


@pytest.fixture
def store(tmp_path: Path, library: SyntheticLibrary) -> Iterator[SQLiteStore]:
    """A SQLite library holding the requesting module's ``library`` fixture, every track
    analysed and no training run (For you and its wording read this). A module that needs a
    trained run or a partly analysed library defines its own ``store``."""
    s = SQLiteStore(tmp_path / "library.sqlite3")
    fill_store(s, library)
    yield s
    s.close()
