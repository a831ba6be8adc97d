"""The order people expect for names, as one rule: a collation, given as ranks.

A *collation* (:data:`Collate`) maps names to integer ranks — equal ranks for names that
collate equal — so a sort key stays a plain tuple of ints (fast to compare, ties broken by the
caller's next field). Everything that orders names takes one: the library table, the album
grid (tracks within an album, albums by artist and title) and the artists list.

The desktop passes ICU's collation through ``QCollator`` (``desktop.models.collation``):
locale-aware, numeric ("track 2" before "track 10"). The engine cannot load Qt, so the CLI
(``encore albums``) uses :func:`fold_ranks`, the same idea by hand: accents and case set aside
first, then case-folded text.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Sequence

Collate = Callable[[Sequence[str]], list[int]]


def sort_key(text: str) -> tuple[str, str]:
    """Accents and case set aside ("Àlex" as "alex", "ß" as "ss"), then the case-folded text
    to break ties. Also the folding used to *match* names (search, an album's artists)."""
    text = str(text)
    if text.isascii():
        folded = text.casefold()
        return folded, folded
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.casefold(), text.casefold()


_DIGITS = re.compile(r"(\d+)")
NameOrder = tuple[tuple[str | int, ...], str]


def number_order(name: str) -> NameOrder:
    """``name`` with its runs of digits compared as numbers ("track2" before "track14"), the
    name itself breaking ties ("01" and "1"). Case and accents count as they are."""
    parts = _DIGITS.split(name)  # text, digits, text, …: the same kind at each position
    return tuple(int(p) if i % 2 else p for i, p in enumerate(parts)), name


def path_order(path: str) -> tuple[NameOrder, ...]:
    """A file path by :func:`number_order` folder by folder (a folder's files before those of
    ``folder10``): the order an import adds new songs in, which the library table shows until
    a column is clicked. Plain text order put "track14" between "track1" and "track2"."""
    return tuple(number_order(part) for part in path.split(os.sep))


def fold_ranks(texts: Sequence[str]) -> list[int]:
    """The Qt-free collation: ranks by :func:`sort_key`."""
    ordered = sorted({str(t) for t in texts}, key=sort_key)
    rank = {text: i for i, text in enumerate(ordered)}
    return [rank[str(t)] for t in texts]


def rank_table(texts: Sequence[str], collate: Collate) -> dict[str, int]:
    """``name -> rank`` for the distinct ``texts``."""
    distinct = list(dict.fromkeys(str(t) for t in texts))
    return dict(zip(distinct, collate(distinct), strict=True))
