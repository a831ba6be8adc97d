"""How values cross into a database and back, the same for every store: file names that are
not UTF-8, training params holding numpy values, and id lists too long for one query."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from typing import TypeVar

import numpy as np

T = TypeVar("T")


def stored_path(path: str) -> str | bytes:
    """A path as a database can hold it: SQLite text and BSON strings must be UTF-8, so a file
    name that is not (surrogate-escaped in Python) goes in as its raw bytes."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path)
    return path


def loaded_path(value: str | bytes) -> str:
    """The inverse of :func:`stored_path`."""
    return os.fsdecode(value) if isinstance(value, bytes) else value


def chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    """Consecutive slices of at most ``size`` items."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def json_default(value: object) -> object:
    """``json.dumps(default=...)`` for training params: numpy scalars become numbers and arrays
    lists, so both stores keep the same params."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
