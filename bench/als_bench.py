"""Listeners like you at scale: ``python -m bench.als_bench [--master local[2]]``.

The ALS job's own steps (:mod:`engine.recommend.als`) on the For you bench's listening: 1,000,000
events by 10,000 listeners over 100,000 songs (:func:`bench.foryou_speed.listening_events`),
timed step by step: each listener's decayed preferences, the Spark ALS fit, the factors to the
driver, every listener's top songs. Writing them to MongoDB is timed with ``--mongo URI`` (a
scratch database on a running mongod). Target (issue 12): ≤ 120 s on ``local[2]``, SparkSession
start not included.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time

import numpy as np

from bench.foryou_speed import listening_events

TARGET_S = 120.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--tracks", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rank", type=int, help="ALS rank (default: the job's)")
    parser.add_argument("--iterations", type=int, help="ALS iterations (default: the job's)")
    parser.add_argument("--mongo", metavar="URI", help="also time the save into this database")
    args = parser.parse_args(argv)

    from dataclasses import replace

    from engine.recommend.als import AlsParams, fit_als, listener_preferences
    from engine.spark.session import create_session

    params = AlsParams()
    if args.rank:
        params = replace(params, rank=args.rank)
    if args.iterations:
        params = replace(params, max_iter=args.iterations)
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    now = time.time()
    ids = [f"{i:032x}" for i in range(args.tracks)]
    events = listening_events(ids, "me", np.random.default_rng(args.seed), now)
    started = time.perf_counter()
    spark = create_session(args.master, app_name="encore-als-bench")
    session_s = time.perf_counter() - started
    try:
        started = time.perf_counter()
        prefs = listener_preferences(events, now=now)
        prefs_s = time.perf_counter() - started
        result = fit_als(spark, prefs, params)
        total = time.perf_counter() - started
    finally:
        spark.stop()
    rows = [
        ("events", f"{len(events):,}"),
        (
            "listeners × songs with a preference",
            f"{len(prefs.listeners):,} × {len(prefs.tracks):,}",
        ),
        ("preferences (listener, song)", f"{len(prefs.rating):,}"),
        ("ALS", f"rank {params.rank}, {params.max_iter} iterations, top {params.top_n}"),
        ("SparkSession start (not in the target)", f"{session_s:.1f} s"),
        ("  preferences", f"{prefs_s:.1f} s"),
    ]
    rows += [(f"  {name}", f"{sec:.1f} s") for name, sec in result.timings.items()]
    if args.mongo:
        save_s = _save(args.mongo, result)
        rows.append(("  save to MongoDB", f"{save_s:.1f} s"))
        total += save_s
    verdict = "PASS" if total <= TARGET_S else "FAIL"
    rows += [
        ("ALS job end to end", f"{total:.1f} s   target ≤ {TARGET_S:.0f} s: {verdict}"),
        (
            "driver Python peak RSS",
            f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB",
        ),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    print(f"load average at end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    return 0


def _save(uri: str, result) -> float:
    from engine.recommend.listeners import ListenerResults

    results = ListenerResults.open(uri)
    try:
        started = time.perf_counter()
        results.save("bench", result.top, result.item_ids, result.item_factors)
        return time.perf_counter() - started
    finally:
        results.close()


if __name__ == "__main__":
    sys.exit(main())
