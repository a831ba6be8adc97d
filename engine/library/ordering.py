"""The order people expect for names: one key for the library table and the album grid."""

from __future__ import annotations

import unicodedata


def sort_key(text: str) -> tuple[str, str]:
    """Order for people: accents and case set aside first ("Àlex" beside "Alex", "ß" as
    "ss"), then case-folded text to break ties.

    Not QCollator: comparing its keys from Python sorted 100k titles in 1.7 s against 0.5 s
    here, and in the C locale it falls back to code-point order ("Àlex" after "Zed").
    """
    text = str(text)
    if text.isascii():
        folded = text.casefold()
        return folded, folded
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.casefold(), text.casefold()
