"""What storing reasons as phrases costs: the training job's reasons for ``--lists`` synthetic
neighbour lists, each list encoded as SQLite stores it (``neighbour_lists.list``), against the
same lists with each reason's English words (how runs were stored before phrases), and the
read back of a phrase list. Target: what phrases add to encoding a million lists stays under a
tenth of the 300 s budget of saving a 1M-track run (docs/benchmarks.md), i.e. 30 s.

Run: ``python -m bench.phrase_store_bench [--lists 20000] [--k 20]``.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np

from bench.synthetic_library import make_library
from engine.models import Neighbour
from engine.phrase_english import english
from engine.phrases import from_wire
from engine.recommend.reasons import ReasonWriter
from engine.stored_list import PHRASES, neighbours_text

# Extra seconds per million lists phrases may add (a tenth of the 1M save budget of 300 s).
TARGET_EXTRA_PER_MILLION_S = 30.0


def _best(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lists", type=int, default=20_000)
    parser.add_argument("--k", type=int, default=20)
    args = parser.parse_args()
    library = make_library(args.lists, n_blobs=8, rng=np.random.default_rng(5))
    matrix = library.matrix.astype(np.float64)
    mean, std = matrix.mean(axis=0), np.where(matrix.std(axis=0) > 0, matrix.std(axis=0), 1.0)
    z = (matrix - mean) / std
    rng = np.random.default_rng(6)
    picked = [rng.choice(args.lists, size=args.k, replace=False) for _ in range(args.lists)]
    writer = ReasonWriter(library.names, scaler=(mean, std))
    started = time.perf_counter()
    reasons = []
    for s in range(0, args.lists, 1024):
        reasons += writer(z[s : s + 1024], z, picked[s : s + 1024])
    write_s = time.perf_counter() - started
    lists = [
        [Neighbour(library.ids[j], 0.5, r) for j, r in zip(p, row, strict=True)]
        for p, row in zip(picked, reasons, strict=True)
    ]
    # The same lists as runs before phrases held them (Neighbour with the English words).
    before = [[Neighbour(n.track_id, n.score, english(n.reason)) for n in ns] for ns in lists]

    def english_json() -> list[str]:
        # neighbours_text as the store used it: each list built from its neighbours, then encoded.
        return [
            json.dumps(
                [[n.track_id, float(n.score), n.reason] for n in ns],
                ensure_ascii=False,
                separators=(",", ":"),
            )
            for ns in before
        ]

    phrase_s = _best(lambda: [neighbours_text(ns) for ns in lists])
    english_s = _best(english_json)
    stored = [neighbours_text(ns) for ns in lists]
    read_s = _best(
        lambda: [[from_wire(r, "bench") for _, _, r in json.loads(t)[PHRASES]] for t in stored]
    )
    distinct = len({id(r) for row in reasons for r in row})
    size = sum(map(len, stored)) / len(stored)
    old_size = sum(map(len, english_json())) / len(stored)
    ratio = phrase_s / english_s
    extra = (phrase_s - english_s) / args.lists * 1e6
    print(
        f"{args.lists} lists x {args.k}: ReasonWriter {write_s:.2f} s, {distinct} distinct phrases"
    )
    print(f"encode phrases {phrase_s:.3f} s, English {english_s:.3f} s: ratio {ratio:.2f}")
    print(f"bytes per list: phrases {size:.0f}, English {old_size:.0f}")
    print(f"read back (json + phrases) {read_s:.3f} s")
    verdict = "met" if extra <= TARGET_EXTRA_PER_MILLION_S else "not met"
    budget = TARGET_EXTRA_PER_MILLION_S
    print(f"extra per million lists {extra:.1f} s (target <= {budget:.0f} s: {verdict})")


if __name__ == "__main__":
    main()
