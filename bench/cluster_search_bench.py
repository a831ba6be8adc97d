"""CPU time of one cluster's neighbour search, the training job's per-cluster Spark body:
``python -m bench.cluster_search_bench [--members 15600] [--profile]``.

The members are the 1M bench's cluster size by default (k = 64): the tracks of the synthetic
library of :mod:`bench.train_bench` nearest one of its tracks, a compact region as a k-means
cluster is. The body (:func:`engine.recommend.spark_passes.
neighbours_udf`) runs on one BLAS thread, as each of ``local[2]``'s Python workers does, and the
CPU time (``time.process_time``) of the second of ``--repeat`` runs is printed with a digest of
the lists it produced, so a speed-up can show that it left the lists as they were.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import os
import pstats
import sys
import time

# One BLAS thread, as in a Spark Python worker of local[2] sharing two cores (set before numpy).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np


def one_cluster(members: int, d: int, *, seed: int = 1):
    """The ``members`` tracks of a synthetic library nearest its first track, shape
    (members, d)."""
    from bench.train_bench import synthetic_features

    library = synthetic_features(members * 4, d, seed=seed).astype(np.float64)
    d2 = ((library - library[0]) ** 2).sum(axis=1)
    return library[np.sort(np.argpartition(d2, members - 1)[:members])]


def digest(frame) -> str:
    """Digest of the lists (their stored text and distances, rounded below float noise)."""
    h = hashlib.sha256()
    for text, d2s in zip(frame["listed"], frame["d2s"], strict=True):
        h.update(text.encode())
        h.update(np.round(np.asarray(d2s, dtype=np.float64), 6).tobytes())
    return h.hexdigest()[:16]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=15_600)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one run")
    args = parser.parse_args(argv)

    import pandas as pd

    from engine.analysis.features import FEATURE_NAMES
    from engine.recommend.shingles import ShingleParams
    from engine.recommend.spark_passes import neighbours_udf
    from engine.recommend.weights import feature_weights

    names = tuple(FEATURE_NAMES)
    x = one_cluster(args.members, len(names)).astype(np.float64)
    weights = feature_weights(names)
    mean, std = x.mean(axis=0), x.std(axis=0, ddof=1) / weights
    cols = [f"f{i}" for i in range(len(names))]
    frame = pd.DataFrame(x, columns=cols)
    frame["track_id"] = [f"{i:032x}" for i in range(x.shape[0])]
    frame["cluster"] = 0
    body = neighbours_udf(mean, std, names, cols, ShingleParams(), 20, "distance", weights)
    seconds = []
    for _ in range(max(args.repeat, 1)):
        t0 = time.process_time()
        out = body(frame)
        seconds.append(time.process_time() - t0)
    print(
        f"cluster of {x.shape[0]} members, {len(names)} features: CPU "
        + " / ".join(f"{s:.2f} s" for s in seconds)
        + f"; lists digest {digest(out)}; candidates/track {out['candidates'].mean():.0f}"
    )
    print(f"load average: {' '.join(f'{v:.1f}' for v in os.getloadavg())}")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(body, frame)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
