"""Training's neighbour lists, read batch by batch while the store saves them.

At a million tracks the lists are 20M rows; collected at once they took 8 GB of driver memory.
So the first pass's table stays on disk (:mod:`engine.recommend.lists_table`), the driver
collects only what the later steps need (each track's cluster and radius, the border probe's
finds, the members of clusters too small to fill a list), and :class:`NeighbourStream` yields
the final lists a batch at a time into ``Store.save_run``, which writes them inside its atomic save.

A list the border finds changed is merged, put back in hub order and scored on the driver, but
only its found entries are explained: a reason is a function of the pair alone
(:class:`~engine.recommend.reasons.ReasonWriter`), and the first pass's text already holds one
for every entry it keeps. Explaining all of the 218k changed lists of the 1M bench again was
half of the save, on one core.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence

import numpy as np

from engine.models import Neighbour
from engine.phrases import to_wire
from engine.recommend.border import nearest_merged
from engine.recommend.hubness import hub_scores, order_lists
from engine.recommend.lists_table import ListRow
from engine.recommend.reasons import ReasonWriter
from engine.stored_list import PHRASES, EncodedList, list_text

# Lists of one batch whose scores and reasons are rewritten in one numpy pass.
_BATCH = 4096

# (rows of the found tracks, their squared distances) per probed cluster, per visiting track.
Finds = Mapping[str, Sequence[tuple[np.ndarray, np.ndarray]]]


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
        Border-probe results per track id, as rows of ``z``
        (:func:`~engine.recommend.border_probe.probe_borders`).
    held : mapping
        Final lists of tracks that were settled beforehand (small clusters); their rows in
        ``rows`` are skipped and these are yielded at the end.
    z : np.ndarray, shape (t, d)
        Standardised vectors, rows as ``track_ids``.
    track_ids : sequence of str, length t
    row_of : mapping
        ``track_id -> row of z``.
    names, weights, scaler
        For the reasons of the entries the border finds added (``scaler`` produced ``z``).
    sigma : np.ndarray, shape (t,)
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
        track_ids: Sequence[str],
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
        self._track_ids = track_ids
        self._row_of = row_of
        self._explain = ReasonWriter(names, weights, scaler=scaler)
        self._sigma = np.asarray(sigma, dtype=np.float64)
        self._n = n
        self._id_rank: np.ndarray | None = None
        self.written = 0  # neighbours yielded so far

    def __iter__(self) -> Iterator[tuple[str, Sequence[Neighbour]]]:
        batch: list[ListRow] = []
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
        changed = [row for row in batch if self._finds.get(row[0])]
        merged = iter(self._merged(changed)) if changed else iter(())
        for tid, listed, size, _ in batch:
            if self._finds.get(tid):
                found: Sequence[Neighbour] = next(merged)
            else:
                found = EncodedList(listed, f"training lists of {tid}", size)
            self.written += len(found)
            yield tid, found

    def _ranks(self) -> np.ndarray:
        """Each row's place in track-id order: equal distances go to the lower track id."""
        if self._id_rank is None:
            by_id = np.argsort(np.asarray(self._track_ids), kind="stable")
            self._id_rank = np.empty(by_id.size, dtype=np.int64)
            self._id_rank[by_id] = np.arange(by_id.size)
        return self._id_rank

    def _merged(self, batch: list[ListRow]) -> list[EncodedList]:
        """The lists of ``batch`` merged with their finds: each the ``n`` nearest of its own
        entries and the finds (a row found twice at its smaller distance; equal distances to
        the lower track id), in hub order, scored; an own entry keeps its first-pass reason."""
        row_of, z, ids = self._row_of, self._z, self._track_ids
        queries = np.fromiter((row_of[tid] for tid, _, _, _ in batch), np.int64, len(batch))
        lists, rows, d2, source = [], [], [], []
        kept: list[str] = []  # the own entries' reasons (phrase JSON texts), flat
        for i, (tid, listed, _, d2s) in enumerate(batch):
            triples = json.loads(listed)[PHRASES]
            own = [row_of[t[0]] for t in triples]
            lists.append(np.full(len(own), i, dtype=np.int64))
            rows.append(np.asarray(own, dtype=np.int64))
            d2.append(np.asarray(d2s, dtype=np.float64))
            source.append(np.arange(len(kept), len(kept) + len(own), dtype=np.int64))
            kept += [t[2] for t in triples]
            for found_rows, found_d2 in self._finds[tid]:
                lists.append(np.full(len(found_rows), i, dtype=np.int64))
                rows.append(np.asarray(found_rows, dtype=np.int64))
                d2.append(np.asarray(found_d2, dtype=np.float64))
                source.append(np.full(len(found_rows), -1, dtype=np.int64))
        lst, row = np.concatenate(lists), np.concatenate(rows)
        dist, src = np.concatenate(d2), np.concatenate(source)
        keep = nearest_merged(lst, row, dist, self._n, tie=self._ranks())
        lst, row, src = lst[keep], row[keep], src[keep]
        bounds = np.r_[np.flatnonzero(np.r_[True, lst[1:] != lst[:-1]]), lst.size]
        spans = list(zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True))
        ordered = order_lists(
            z[queries],
            z,
            [row[a:b] for a, b in spans],
            self._sigma[queries],
            self._sigma,
        )
        # Hub order of every entry, flat: its row, its reason's source, its r.
        at = np.concatenate(
            [
                a + np.asarray(p, dtype=np.int64)
                for (a, _), p in zip(spans, ordered.positions, strict=True)
            ]
        )
        final_rows, final_src = row[at], src[at]
        scores = hub_scores(np.concatenate([np.asarray(r) for r in ordered.r])).round(6)
        # Only the found entries are explained, all in one pass.
        fresh = np.flatnonzero(final_src < 0)
        owner = np.repeat(queries, np.diff(bounds))
        reasons = np.empty(final_rows.size, dtype=object)
        reasons[final_src >= 0] = np.asarray(kept, dtype=object)[final_src[final_src >= 0]]
        if fresh.size:
            texts = self._explain(z[owner[fresh]], z, list(final_rows[fresh, None]))
            reasons[fresh] = [to_wire(t[0]) for t in texts]
        id_list = [ids[r] for r in final_rows.tolist()]
        score_list, reason_list = scores.tolist(), reasons.tolist()
        out = []
        for (tid, _, _, _), (a, b) in zip(batch, spans, strict=True):
            text = list_text(id_list[a:b], score_list[a:b], reason_list[a:b])
            out.append(EncodedList(text, f"training lists of {tid}", b - a))
        return out
