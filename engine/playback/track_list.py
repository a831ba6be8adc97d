"""A list of tracks that may hold plain store rows and builds each ``Track`` on first access.

The library table reads 100k tracks as tuples (``Store.track_rows``); building a ``Track`` per
row is most of the cost of a load. Playing "the whole visible list" hands the queue this list
instead: copying it copies references only, and a ``Track`` is built just for the entries that
are actually played or shown.
"""

from __future__ import annotations

from collections.abc import Iterable, MutableSequence
from dataclasses import astuple
from typing import overload

from engine.models import Track

Row = tuple  # a store row in Track field order: Track(*row) rebuilds the track


def as_row(track: Track) -> Row:
    return astuple(track)


class LazyTracks(MutableSequence[Track]):
    """``list[Track]`` semantics over entries that are ``Track`` objects or rows."""

    __slots__ = ("_items",)

    def __init__(self, items: Iterable[Track | Row] = ()) -> None:
        # Another LazyTracks is copied by reference to its entries: nothing is built.
        self._items: list[Track | Row] = (
            list(items._items) if isinstance(items, LazyTracks) else list(items)
        )

    @classmethod
    def from_rows(cls, rows: list[Row]) -> LazyTracks:
        """Wrap ``rows`` without copying (the caller hands the list over)."""
        lazy = cls()
        lazy._items = rows
        return lazy

    def _track(self, i: int) -> Track:
        item = self._items[i]
        if type(item) is tuple:
            item = Track(*item)
            self._items[i] = item
        return item  # type: ignore[return-value]

    @overload
    def __getitem__(self, i: int) -> Track: ...

    @overload
    def __getitem__(self, i: slice) -> list[Track]: ...

    def __getitem__(self, i: int | slice) -> Track | list[Track]:
        if isinstance(i, slice):
            return [self._track(j) for j in range(*i.indices(len(self._items)))]
        return self._track(i)

    def __setitem__(self, i, value) -> None:  # type: ignore[override]
        self._items[i] = value

    def __delitem__(self, i) -> None:  # type: ignore[override]
        del self._items[i]

    def __len__(self) -> int:
        return len(self._items)

    def insert(self, i: int, value: Track) -> None:
        self._items.insert(i, value)

    def track_id(self, i: int) -> str:
        """The id of entry ``i`` without building its ``Track``."""
        item = self._items[i]
        return item[0] if type(item) is tuple else item.track_id  # type: ignore[union-attr]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyTracks | list):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment] - mutable, like list

    def __repr__(self) -> str:
        return f"LazyTracks({len(self._items)} tracks)"
