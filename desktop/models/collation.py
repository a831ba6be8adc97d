"""The desktop's collation of names: ICU's, through ``QCollator`` (see engine.library.ordering).

Numeric ("track 2" before "track 10"), case- and accent-aware the way the listener's locale
orders names ("Àlex" beside "Alex", not after "Zed"). The PySide6 wheels bundle ICU, so this
needs no system locale data. In the C/POSIX locale (a bare container, ``LANG`` unset) Qt
collates by code point, which is no order for people: ICU's root collation is used instead,
through ``en_US``, whose rules are the root's.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCollator, QLocale


def collator() -> QCollator:
    """A new collator for the current locale (a QCollator is not to be shared by threads)."""
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        locale = QLocale("en_US")
    found = QCollator(locale)
    found.setNumericMode(True)
    return found


def collation_ranks(texts: Sequence[str]) -> list[int]:
    """The rank of each of ``texts`` in ICU order; names that collate equal share a rank."""
    collate = collator()
    distinct = list(dict.fromkeys(str(t) for t in texts))
    keys = [collate.sortKey(text) for text in distinct]
    order = sorted(range(len(distinct)), key=keys.__getitem__)  # QCollatorSortKey has <
    rank: dict[str, int] = {}
    current, previous = -1, None
    for i in order:
        if previous is None or keys[previous].compare(keys[i]) != 0:
            current += 1
        rank[distinct[i]] = current
        previous = i
    return [rank[str(t)] for t in texts]
