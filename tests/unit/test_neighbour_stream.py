"""Training's final lists (engine.recommend.neighbour_stream): the first pass's lists with the
border probe's finds merged, without Spark."""

from __future__ import annotations

import numpy as np

from engine.analysis.features import FEATURE_NAMES
from engine.phrases import to_wire
from engine.recommend.cluster_neighbours import squared_distances
from engine.recommend.hubness import hub_scores, order_lists
from engine.recommend.neighbour_stream import NeighbourStream
from engine.recommend.reasons import ReasonWriter
from engine.stored_list import EncodedList, list_text

D = len(FEATURE_NAMES)
N = 6


def _explained(explain, z, sigma, query: int, rows: list[int], ids: list[str]) -> str:
    """A list as every path stores it: hub order, scores, a reason per pair."""
    ordered = order_lists(z[[query]], z, [rows], sigma[[query]], sigma)
    picked = np.asarray(ordered.rows[0], dtype=np.int64)
    reasons = explain(z[[query]], z, [picked])[0]
    scores = hub_scores(np.asarray(ordered.r[0])).round(6).tolist()
    return list_text([ids[r] for r in picked], scores, [to_wire(x) for x in reasons])


def test_changed_lists_are_the_nearest_of_both_in_hub_order_with_every_reason(rng) -> None:
    t = 80
    z = rng.normal(size=(t, D))
    # Two equal songs beside song 0 across the border: a tie in distance, which goes to the
    # lower track id (here the later row).
    z[41] = z[40]
    z[0] = z[40] + rng.normal(scale=0.01, size=D)
    ids = [f"{i:02x}" for i in rng.permutation(256)[:t].tolist()]  # id order is not row order
    if ids[41] > ids[40]:
        ids[40], ids[41] = ids[41], ids[40]
    sigma = rng.uniform(0.5, 1.5, size=t)
    explain = ReasonWriter(FEATURE_NAMES, scaler=(np.zeros(D), np.ones(D)))
    side = z[:, 0] > 0
    side[40] = side[41] = True
    side[0] = False
    d2 = squared_distances(z, z)
    np.fill_diagonal(d2, np.inf)
    rows, finds, expected = [], {}, {}
    for q in range(t):
        mine = np.flatnonzero(side == side[q])
        mine = mine[mine != q]
        own = mine[np.lexsort(([ids[m] for m in mine], d2[q, mine]))][:N]
        first_pass = _explained(explain, z, sigma, q, own.tolist(), ids)
        # The first pass's list, its distances in its stored (hub) order.
        stored = [ids.index(x[0]) for x in EncodedList(first_pass, "").triples()]
        rows.append((ids[q], first_pass, N, d2[q, stored].tolist()))
        other = np.flatnonzero(side != side[q])
        found = other[d2[q, other] < d2[q, own[-1]]]
        if found.size:
            # Two probed clusters' worth, one track found by both.
            half = found[: found.size // 2 + 1]
            finds[ids[q]] = [
                (half, d2[q, half]),
                (found[found.size // 2 :], d2[q, found[found.size // 2 :]]),
            ]
        both = np.concatenate([own, found])
        best = both[np.lexsort(([ids[m] for m in both], d2[q, both]))][:N]
        expected[ids[q]] = _explained(explain, z, sigma, q, best.tolist(), ids)
    assert 5 < len(finds) < t  # some lists change, not all
    assert {ids[40], ids[41]} <= {x[0] for x in EncodedList(expected[ids[0]], "").triples()}
    stream = NeighbourStream(
        rows,
        finds=finds,
        held={},
        z=z,
        track_ids=ids,
        row_of={tid: i for i, tid in enumerate(ids)},
        names=FEATURE_NAMES,
        weights=np.ones(D),
        scaler=(np.zeros(D), np.ones(D)),
        sigma=sigma,
        n=N,
    )
    got = {tid: found.text for tid, found in stream}
    assert got == expected
    assert stream.written == t * N
    # An unchanged list is passed on as the first pass stored it.
    untouched = next(r for r in rows if r[0] not in finds)
    assert got[untouched[0]] == untouched[1]
