"""A neighbour list in its stored form: the JSON text SQLite keeps, written once.

``{"phrases": [[other_id, score, reason], …]}``, best first, each reason a phrase's JSON text
(:func:`engine.phrases.to_wire`); a bare array is a list saved before phrases, its reasons
English. Training's Spark workers encode their lists with :func:`list_text` and the driver copies
that text into the store unchanged: at a million tracks that is a million strings, where reading
the lists as :class:`~engine.models.Neighbour` objects and encoding them again built 20M objects
on one core (half of the save). :class:`EncodedList` carries such a text through
``Store.save_run``; a reader that wants the neighbours decodes it on first use.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Sequence
from functools import lru_cache
from itertools import chain
from typing import overload

from engine.models import Neighbour
from engine.phrases import Phrase, from_wire, stored_text, to_wire

# The key of a list whose reasons are phrases.
PHRASES = "phrases"


def list_text(ids: Sequence[str], scores: Sequence[float], reasons: Sequence[str]) -> str:
    """The stored text of one list: neighbour ids, scores and reasons (phrase JSON texts)."""
    return json.dumps(
        {PHRASES: [[o, float(s), r] for o, s, r in zip(ids, scores, reasons, strict=True)]},
        ensure_ascii=False,
        separators=(",", ":"),
    )


def list_texts(
    ids: Sequence[Sequence[str]],
    scores: Sequence[Sequence[float]],
    reasons: Sequence[Sequence[Phrase]],
) -> list[str]:
    """:func:`list_text` of many lists at once (a cluster's, in training's Spark workers), the
    same text, built with no Python step per entry: each distinct id and reason is JSON-encoded
    once (an id recurs in ~20 lists, a reason in hundreds), the entries are flattened and mapped
    to their texts by C-level ``map``, and each list is one ``%`` format of a template per list
    length (``%r`` writes a float as ``json.dumps`` does). A Python step per entry cost as much
    as ``json.dumps`` of every list, a tenth of a 15.6k-track cluster's search.
    """
    sizes = list(map(len, ids))
    if list(map(len, scores)) != sizes or list(map(len, reasons)) != sizes:
        raise ValueError("list_texts: ids, scores and reasons differ in their lists' lengths")
    flat_ids = list(chain.from_iterable(ids))
    flat_scores = list(map(float, chain.from_iterable(scores)))
    flat_reasons = list(chain.from_iterable(reasons))
    if not all(map(math.isfinite, flat_scores)):
        # JSON's words for the non-finite are not %r's: the rare list keeps the plain path.
        return [
            list_text(o, s, [to_wire(r) for r in rs])
            for o, s, rs in zip(ids, scores, reasons, strict=True)
        ]
    quoted = {o: _dumps(o) for o in set(flat_ids)}
    # Reasons by identity: the writer hands out a few thousand shared phrase objects, and a
    # phrase's value hash walks its parts.
    worded = {id(r): _dumps(to_wire(r)) for r in {id(r): r for r in flat_reasons}.values()}
    entries: list[object] = [None] * (3 * len(flat_ids))
    entries[0::3] = map(quoted.__getitem__, flat_ids)
    entries[1::3] = flat_scores
    entries[2::3] = map(worded.__getitem__, map(id, flat_reasons))
    out = []
    start = 0
    for size in sizes:
        out.append(_template(size) % tuple(entries[start : start + 3 * size]))
        start += 3 * size
    return out


@lru_cache(maxsize=64)
def _template(length: int) -> str:
    """The ``%`` template of a list of ``length`` entries: id and reason texts, a float."""
    return _OPEN.replace("%", "%%") + ",".join(["[%s,%r,%s]"] * length) + "]}"


_OPEN = "{" + json.dumps(PHRASES) + ":["


def _dumps(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def neighbours_text(neighbours: Sequence[Neighbour]) -> str:
    """:func:`list_text` of a list of neighbours (an :class:`EncodedList` is kept as it is)."""
    if isinstance(neighbours, EncodedList):
        return neighbours.text
    return list_text(
        [n.track_id for n in neighbours],
        [n.score for n in neighbours],
        [to_wire(n.reason) for n in neighbours],
    )


def read_list(text: str, where: str, limit: int | None = None) -> list[Neighbour]:
    """The neighbours a stored text holds (at most ``limit``); ``where`` leads a bad reason's
    error."""
    found = json.loads(text)
    if isinstance(found, list):  # saved before phrases: reasons as English words
        return [Neighbour(o, s, stored_text(r)) for o, s, r in found[:limit]]
    return [
        Neighbour(other, score, from_wire(reason, f"{where}, entry {i + 1} reason"))
        for i, (other, score, reason) in enumerate(found[PHRASES][:limit])
    ]


class EncodedList(Sequence[Neighbour]):
    """One track's list as its stored text (:func:`list_text`); the neighbours are decoded
    only when read (``size``, when the writer knows it, answers ``len`` without decoding)."""

    __slots__ = ("_decoded", "_size", "_where", "text")

    def __init__(self, text: str, where: str, size: int | None = None) -> None:
        self.text = text
        self._where = where
        self._size = size
        self._decoded: list[Neighbour] | None = None

    def triples(self) -> list[list]:
        """``[other_id, score, reason JSON text]`` per neighbour, best first."""
        return json.loads(self.text)[PHRASES]

    def _neighbours(self) -> list[Neighbour]:
        if self._decoded is None:
            self._decoded = read_list(self.text, self._where)
        return self._decoded

    @overload
    def __getitem__(self, index: int) -> Neighbour: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Neighbour]: ...
    def __getitem__(self, index: int | slice) -> Neighbour | Sequence[Neighbour]:
        return self._neighbours()[index]

    def __len__(self) -> int:
        return len(self._neighbours()) if self._size is None else self._size

    def __iter__(self) -> Iterator[Neighbour]:
        return iter(self._neighbours())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, EncodedList):
            return self.text == other.text
        if isinstance(other, Sequence):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]
