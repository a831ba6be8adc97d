"""The library table's sort keys, one per row, for each column."""

from __future__ import annotations

from collections.abc import Sequence

from desktop.models.collation import collation_ranks
from desktop.models.library_columns import (
    COL_ANALYSED,
    COL_DURATION,
    COL_PLAYS,
    F_ANALYSIS,
    F_DURATION,
    F_ID,
    TEXT_FIELD,
)
from engine.library.ordering import rank_table
from engine.playback.track_list import Row


def sort_keys(
    rows: Sequence[Row],
    column: int,
    *,
    plays: dict[str, int],
    collated: dict[int, dict[str, int]],
) -> list:
    """Each row's key for sorting by ``column``. ``collated`` (field -> name -> collation rank)
    is kept by the caller while a column's names stay the same: an import changes the
    Analysed column of every row and the table re-sorts on each reload, where ICU collation
    of 100k names costs about a second."""
    if column == COL_DURATION:
        return [r[F_DURATION] for r in rows]
    if column == COL_PLAYS:
        return [plays.get(r[F_ID], 0) for r in rows]
    if column == COL_ANALYSED:
        return [r[F_ANALYSIS] for r in rows]
    field = TEXT_FIELD[column]
    texts = [str(r[field]) for r in rows]
    ranks = collated.get(field)
    if ranks is None or not ranks.keys() >= set(texts):
        # "Àlex" beside "Alex", 2 before 10; ranks of a superset keep their order
        ranks = collated[field] = rank_table(texts, collation_ranks)
    return [ranks[t] for t in texts]
