"""Training's neighbour lists, read batch by batch while the store saves them.

At a million tracks the lists are 20M rows; collected at once they took 8 GB of driver memory.
So the first pass's table stays on disk (:mod:`engine.recommend.lists_table`), the driver
collects only what the later steps need (each track's cluster and radius, the border probe's
finds, the members of clusters too small to fill a list), and :class:`NeighbourStream` yields
the final lists a batch at a time into ``Store.save_run``, which writes them inside its atomic save.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence

import numpy as np

from engine.models import Neighbour
from engine.phrases import to_wire
from engine.recommend.border import merge_lists
from engine.recommend.hubness import hub_scores, order_lists
from engine.recommend.lists_table import ListRow
from engine.recommend.reasons import ReasonWriter
from engine.stored_list import EncodedList, list_text

# Lists of one batch whose scores and reasons are rewritten in one numpy pass.
_BATCH = 4096

# (neighbour track ids, squared distances) found across a border, per visiting track.
Finds = Mapping[str, Sequence[tuple[Sequence[str], Sequence[float]]]]


class NeighbourStream:
    """``(track_id, neighbours)`` pairs: the first pass's lists with the border finds merged.

    Parameters
    ----------
    rows : iterable of (track_id, listed, size, d2s)
        The first pass's table, one row per track (any order; ``d2s``, the squared distances
        in the list's order, is needed only for tracks in ``finds``); read once. ``listed`` is
        the list's stored text (:mod:`engine.stored_list`), passed on as it is when no find
        changes the list.
    finds : mapping
        Border-probe results per track (:func:`~engine.recommend.spark_passes.probe_borders`).
    held : mapping
        Final lists of tracks that were settled beforehand (small clusters); their rows in
        ``rows`` are skipped and these are yielded at the end.
    z : np.ndarray, shape (n, d)
        Standardised vectors, rows as ``row_of``.
    row_of : mapping
        ``track_id -> row of z``.
    names, weights, scaler
        For the reasons of the lists the border finds changed (``scaler`` produced ``z``).
    sigma : np.ndarray, shape (n,)
        Local scale of every row of ``z``: a list the border finds changed is put back in hub
        order (:mod:`engine.recommend.hubness`), as the first pass ordered the others.
    n : int
        List length.
    """

    def __init__(
        self,
        rows: Iterable[ListRow],
        *,
        finds: Finds,
        held: Mapping[str, Sequence[Neighbour]],
        z: np.ndarray,
        row_of: Mapping[str, int],
        names: tuple[str, ...],
        weights: np.ndarray,
        scaler: tuple[np.ndarray, np.ndarray],
        sigma: np.ndarray,
        n: int,
    ) -> None:
        self._rows = rows
        self._finds = finds
        self._held = held
        self._z = z
        self._row_of = row_of
        self._explain = ReasonWriter(names, weights, scaler=scaler)
        self._sigma = np.asarray(sigma, dtype=np.float64)
        self._n = n
        self.written = 0  # neighbours yielded so far

    def __iter__(self) -> Iterator[tuple[str, Sequence[Neighbour]]]:
        batch: list[tuple] = []
        for row in self._rows:
            if row[0] in self._held:
                continue
            batch.append(row)
            if len(batch) >= _BATCH:
                yield from self._finish(batch)
                batch = []
        yield from self._finish(batch)
        for tid, found in self._held.items():
            self.written += len(found)
            yield tid, found

    def _finish(self, batch: list[ListRow]) -> Iterator[tuple[str, Sequence[Neighbour]]]:
        merged: list[tuple[str, list[str], list[float]]] = []
        out: list[tuple[str, Sequence[Neighbour]] | None] = []
        for tid, listed, size, d2s in batch:
            extra = self._finds.get(tid)
            if not extra:
                out.append((tid, EncodedList(listed, f"training lists of {tid}", size)))
                continue
            ids = [entry[0] for entry in EncodedList(listed, tid).triples()]
            best = list(zip(ids, (float(x) for x in d2s), strict=True))
            for found_ids, found_d2 in extra:
                best = merge_lists(best, list(zip(found_ids, found_d2, strict=True)), self._n)
            merged.append((tid, [o for o, _ in best], [x for _, x in best]))
            out.append(None)
        if merged:
            rewritten = iter(self._rescore(merged))
            out = [item if item is not None else next(rewritten) for item in out]
        for tid, found in out:  # type: ignore[misc]
            self.written += len(found)
            yield tid, found

    def _rescore(self, merged: list[tuple[str, list[str], list[float]]]) -> list:
        z, row_of = self._z, self._row_of
        query_rows = [row_of[tid] for tid, _, _ in merged]
        ordered = order_lists(
            z[query_rows],
            z,
            [[row_of[o] for o in ids] for _, ids, _ in merged],
            self._sigma[query_rows],
            self._sigma,
        )
        picked = [np.asarray(rows, dtype=np.int64) for rows in ordered.rows]
        texts = self._explain(z[query_rows], z, picked)
        result = []
        for (tid, ids, _), keep, r, reasons in zip(
            merged, ordered.positions, ordered.r, texts, strict=True
        ):
            scores = hub_scores(np.asarray(r)).round(6).tolist()
            text = list_text([ids[p] for p in keep], scores, [to_wire(x) for x in reasons])
            result.append((tid, EncodedList(text, f"training lists of {tid}", len(keep))))
        return result
