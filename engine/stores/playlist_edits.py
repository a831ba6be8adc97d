"""Edits of a playlist's entry list, the same for every store."""

from __future__ import annotations

from collections.abc import Collection, Sequence


def inserted(ids: Sequence[str], new: Sequence[str], position: int | None) -> list[str]:
    """``ids`` with ``new`` inserted before ``position`` (``None`` or past the end: appended;
    negative: counted from the end, as list indices are)."""
    out = list(ids)
    at = len(out) if position is None else position
    out[at:at] = [str(t) for t in new]
    return out


def without(ids: Sequence[str], gone: Collection[str]) -> list[str]:
    """``ids`` with every occurrence of the ids in ``gone`` removed, order kept."""
    return [t for t in ids if t not in gone]
