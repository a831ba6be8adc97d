"""The library's search rule: a row matches when every term of the query stands in its
haystack (title, artist, album with case and accents set aside, desktop/models/library_columns.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from engine.library.ordering import sort_key


def search_terms(text: str) -> list[str]:
    """The query's terms, folded as the haystacks are."""
    return sort_key(text)[0].split()


def matching(
    hay: Sequence[str], terms: Sequence[str], candidates: Sequence[int] | None = None
) -> list[int]:
    """The rows (of ``candidates``, by default all of them) whose haystack holds every term,
    in ascending order."""
    rows: Sequence[int] = range(len(hay)) if candidates is None else candidates
    for term in terms:
        rows = [i for i in rows if term in hay[i]]
    return list(rows)


def refines(old: Sequence[str], new: Sequence[str]) -> bool:
    """Whether each row matching ``new`` also matches ``old`` (one more letter typed), so only
    the rows ``old`` matched need scanning."""
    return len(new) >= len(old) and all(n.find(o) >= 0 for o, n in zip(old, new, strict=False))
