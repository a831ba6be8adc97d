"""Query latency of ``Recommender`` on a synthetic 100k-track library, and process RSS.

Builds a temporary SQLite store with tracks, feature vectors and a training run whose
neighbours are computed directly with numpy (no Spark), then times ``recommend(track_id, k=5)``:

* precomputed: tracks that are in the run (target p95 <= 10 ms);
* on the fly: tracks analysed after the run (nearest centroid + LSH over that cluster; target
  p95 <= 50 ms), once "cold" (a cluster's vectors and signatures are loaded by the first query
  that lands in it) and once after ``Recommender.warm()`` (what the desktop runs at start-up).

Run: ``python -m bench.recommend_bench [--tracks 100000] [--queries 500] [--k 64] [--exact]``
(``--tracks 5000 --new 1000 --k 50 --exact``: the largest library searched whole).
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.inprocess_training import assemble_run, kmeans, standardise
from bench.measure import p50_p95_max, rss_mb
from bench.synthetic_library import feature_names, fill_store, make_library
from engine.models import Neighbour, TrainingRun
from engine.recommend.reasons import ReasonWriter
from engine.recommend.recommender import Recommender
from engine.recommend.score import similarity
from engine.recommend.shingles import ShingleParams
from engine.run_settings import RunSettings
from engine.stores.sqlite import SQLiteStore

TARGET_PRECOMPUTED_MS = 10.0
TARGET_ON_THE_FLY_MS = 50.0
N_NEIGHBOURS = 20


def build_run(
    ids: list[str], matrix: np.ndarray, names: tuple[str, ...], k: int, *, exact: bool = False
) -> TrainingRun:
    """A run with exact within-cluster top-20 neighbours (what LSH + fill converge to); with
    ``exact`` marked as a small library's whole-library search, so on-the-fly queries compare
    a new song with every track (the stored lists stay per cluster: only their lookup is timed)."""
    z, mean, std = standardise(matrix)
    # k-means on a sample (as Spark's k-means|| seeds from one), then assign everything.
    rng = np.random.default_rng(3)
    sample = z[rng.choice(len(z), size=min(len(z), 20_000), replace=False)]
    centroids, _ = kmeans(sample, k, iters=15)
    labels = np.empty(len(z), dtype=np.int64)
    for start in range(0, len(z), 20_000):
        block = z[start : start + 20_000]
        labels[start : start + 20_000] = (
            (block**2).sum(1)[:, None] - 2 * block @ centroids.T + (centroids**2).sum(1)[None, :]
        ).argmin(axis=1)
    neighbours: dict[str, list[Neighbour]] = {}
    d = z.shape[1]
    explain = ReasonWriter(names, scaler=(mean, np.where(std > 0, std, 1.0)))
    for cluster in range(k):
        rows = np.flatnonzero(labels == cluster)
        zc = z[rows]
        sq = (zc**2).sum(1)
        for start in range(0, len(rows), 1024):
            block = zc[start : start + 1024]
            dist = np.maximum(sq[start : start + 1024, None] - 2 * block @ zc.T + sq[None, :], 0)
            dist[np.arange(len(block)), np.arange(start, start + len(block))] = np.inf
            want = min(N_NEIGHBOURS, len(rows) - 1)
            if want <= 0:
                continue
            part = np.argpartition(dist, want - 1, axis=1)[:, :want]
            for local in range(len(block)):
                cand = part[local][np.argsort(dist[local, part[local]])]
                row = start + local
                scores = similarity(dist[local, cand] / d)
                reasons = explain(zc[row][None, :], zc, [cand])[0]
                neighbours[ids[rows[row]]] = [
                    Neighbour(ids[rows[c]], float(s), r)
                    for c, s, r in zip(cand, scores, reasons, strict=True)
                ]
    return assemble_run(
        ids,
        z,
        (mean, std),
        centroids,
        labels,
        neighbours,
        names,
        settings=RunSettings(k=k, shingles=ShingleParams(), rank="distance", exact_search=exact),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tracks", type=int, default=100_000)
    parser.add_argument("--new", type=int, default=2000, help="tracks analysed after training")
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--k", type=int, default=64, help="clusters (the training rule's k)")
    parser.add_argument(
        "--exact",
        action="store_true",
        help="a whole-library run, as a library of up to EXACT_MAX_TRACKS gets",
    )
    args = parser.parse_args()

    rng = np.random.default_rng(11)
    try:
        from engine.analysis.features import FEATURE_NAMES

        names = tuple(FEATURE_NAMES)
    except ImportError:
        names = feature_names(60)
    t0 = time.perf_counter()
    lib = make_library(args.tracks, d=len(names), n_blobs=48, rng=rng)
    lib = type(lib)(lib.ids, lib.matrix, lib.blobs, names, lib.tracks)
    trained = args.tracks - args.new
    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(Path(tmp) / "library.sqlite3")
        fill_store(store, lib)
        t1 = time.perf_counter()
        run = build_run(lib.ids[:trained], lib.matrix[:trained], names, args.k, exact=args.exact)
        t2 = time.perf_counter()
        store.save_run(run)
        del run
        t3 = time.perf_counter()
        print(
            f"library: {args.tracks} tracks x {len(names)} features, k={args.k}; "
            f"store {t1 - t0:.1f} s, run built {t2 - t1:.1f} s, saved {t3 - t2:.1f} s"
        )
        store.close()

        # A fresh store object and recommender, as a new process would have.
        store = SQLiteStore(Path(tmp) / "library.sqlite3")
        rss_before = rss_mb()
        rec = Recommender(store)
        t4 = time.perf_counter()
        assert rec.run is not None
        load_ms = (time.perf_counter() - t4) * 1000
        pre_ids = rng.choice(trained, size=args.queries, replace=False)
        new_ids = rng.choice(np.arange(trained, args.tracks), size=2 * args.queries, replace=False)
        rows = []

        def timed(picks: np.ndarray) -> list[float]:
            times = []
            for i in picks.tolist():
                start = time.perf_counter()
                results = rec.recommend(lib.ids[i], k=5)
                times.append((time.perf_counter() - start) * 1000)
                assert len(results) == 5
            return times

        rows.append(("precomputed", timed(pre_ids), TARGET_PRECOMPUTED_MS))
        # First pass: each cluster's data is loaded by the first query that lands in it.
        rows.append(("on the fly, cold", timed(new_ids[: args.queries]), TARGET_ON_THE_FLY_MS))
        rec.refresh()
        assert rec.run is not None
        start = time.perf_counter()
        rec.warm()
        warm_s = time.perf_counter() - start
        rows.append(("on the fly, warm", timed(new_ids[args.queries :]), TARGET_ON_THE_FLY_MS))
        rss_after = rss_mb()
        store.close()

    print(
        f"run load (scaler + centroids): {load_ms:.1f} ms; warm() of all {args.k} clusters: "
        f"{warm_s:.1f} s"
    )
    print(f"{'query':<18}{'n':>5}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'target':>9}  verdict")
    for label, times, target in rows:
        p50, p95, worst = p50_p95_max(times)
        verdict = "ok" if p95 <= target else "MISSED"
        print(
            f"{label:<18}{len(times):>5}{p50:>9.2f}{p95:>9.2f}{worst:>9.1f}{target:>9.0f}"
            f"  {verdict}"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"RSS: {rss_before:.0f} MB before the recommender, {rss_after:.0f} MB after the queries "
        f"(bench process peak {peak:.0f} MB, which includes building the library)"
    )


if __name__ == "__main__":
    main()
