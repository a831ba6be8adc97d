"""Training speed on a synthetic library: ``python -m bench.train_bench [--tracks 100000]``.

Builds a temporary SQLite store holding ``--tracks`` tracks whose feature vectors (the real
analysis layout, 61 dims) are drawn from Gaussian blobs with correlated dimensions, then times the
training job end to end (store snapshot → Parquet → Spark k-means → per-cluster LSH → run saved)
on ``--master`` (default ``local[2]``). Prints a table of stage times against the target.
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from engine.spark.session import DRIVER_HEAP

TARGET_SECONDS = {100_000: 60.0, 1_000_000: 300.0}
TARGET_DRIVER_MB = {"python": 4096.0, "jvm": 2048.0}  # at 1M tracks (issue 13)


def synthetic_features(n: int, d: int, *, blobs: int = 48, seed: int = 1) -> np.ndarray:
    """Clustered vectors: blob centres plus noise through a shared low-rank mixing.

    Returns
    -------
    np.ndarray, shape (n, d), float32
    """
    rng = np.random.default_rng(seed)
    centres = rng.normal(scale=2.0, size=(blobs, d))
    mixing = rng.normal(size=(8, d)) / np.sqrt(8)  # real features are strongly correlated
    sizes = rng.dirichlet(np.full(blobs, 2.0))
    labels = rng.choice(blobs, size=n, p=sizes)
    latent = rng.normal(size=(n, 8))
    noise = rng.normal(scale=0.5, size=(n, d))
    return (centres[labels] + latent @ mixing + noise).astype(np.float32)


def track_ids(n: int) -> list[str]:
    """The ids :func:`populate` gives the rows of a matrix."""
    return [f"{i:032x}" for i in range(n)]


def populate(store, matrix: np.ndarray, names: tuple[str, ...]) -> list[str]:
    from engine.feature_version import FEATURE_VERSION
    from engine.models import Track, TrackFeatures

    ids = track_ids(matrix.shape[0])
    tracks = [Track(t, f"/bench/{t}.flac", f"Track {i}") for i, t in enumerate(ids)]
    store.upsert_tracks(tracks)
    # A vector counts for the file signature it was computed from (the store's one rule).
    store.put_features(
        TrackFeatures(t.track_id, matrix[i], names, FEATURE_VERSION, t.signature.token())
        for i, t in enumerate(tracks)
    )
    return ids


def exact_recall(store, matrix: np.ndarray, ids: list[str], n: int, *, queries: int) -> float:
    """Share of the exact ``n`` nearest (in the run's weighted standardised space, over the whole
    library) that the stored lists hold, averaged over ``queries`` random tracks."""
    from engine.recommend.cluster_neighbours import squared_distances

    run = store.active_run()
    rng = np.random.default_rng(5)
    picked = rng.choice(matrix.shape[0], size=min(queries, matrix.shape[0]), replace=False)
    z = (matrix.astype(np.float64) - run.scaler_mean) / run.scaler_std
    hits = 0
    for start in range(0, picked.size, 50):  # bounds the (50, n_tracks) distance block
        rows = picked[start : start + 50]
        d2 = squared_distances(z[rows], z)
        d2[np.arange(rows.size), rows] = np.inf
        for row, dist in zip(rows, d2, strict=True):
            exact = {ids[j] for j in np.argpartition(dist, n)[:n]}
            hits += len(exact & {nb.track_id for nb in store.neighbours(ids[row], n)})
    return hits / (picked.size * n)


def stored_digest(path: Path) -> dict[str, str]:
    """A short digest per table of the active run as the SQLite store at ``path`` holds it
    (lists, mixes, packs), rows in key order: two runs with equal digests stored the same
    bytes, so a change meant to keep the results can be checked end to end."""
    import hashlib
    import sqlite3

    queries = {
        "lists": "SELECT track_id, list FROM neighbour_lists WHERE run_id = ? ORDER BY track_id",
        "mixes": "SELECT cluster, name, phrase, size, top_tracks FROM clusters WHERE run_id = ? "
        "ORDER BY cluster",
        "packs": "SELECT cluster, part, d, num_perm, b, ids, vectors, bands, signatures "
        "FROM cluster_packs WHERE run_id = ? ORDER BY cluster, part",
    }
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        (run_id,) = conn.execute("SELECT run_id FROM runs WHERE active = 1").fetchone()
        out = {}
        for name, sql in queries.items():
            h = hashlib.sha256()
            for row in conn.execute(sql, (run_id,)):
                for value in row:
                    data = value if isinstance(value, bytes) else repr(value).encode()
                    h.update(len(data).to_bytes(8, "little") + data)
            out[name] = h.hexdigest()[:16]
        return out
    finally:
        conn.close()


def _fill_store(n: int) -> None:
    """Fill the store of ``ENCORE_HOME`` with ``n`` synthetic tracks (run in a child process)."""
    from engine.analysis.features import FEATURE_NAMES
    from engine.config import load_config
    from engine.context import build_context

    with build_context(load_config()) as ctx:
        populate(ctx.store, synthetic_features(n, len(FEATURE_NAMES)), FEATURE_NAMES)


def _status_mb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _peak_rss_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a live process, e.g. the driver's JVM."""
    return _status_mb(pid, "VmHWM")


def _reset_own_peak() -> float:
    """Start this process's peak (VmHWM) afresh at its present resident size, so the job's
    peak is not the store filling's; returns that size (MB). Linux: ``clear_refs`` value 5."""
    gc.collect()
    Path("/proc/self/clear_refs").write_text("5")
    return _status_mb(os.getpid(), "VmRSS")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tracks", type=int, default=100_000)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--neighbours", type=int, default=20)
    parser.add_argument(
        "--driver-memory", default=DRIVER_HEAP, help=f"driver JVM heap (default {DRIVER_HEAP})"
    )
    parser.add_argument(
        "--recall",
        type=int,
        default=2000,
        metavar="Q",
        help="queries for the recall of the exact nearest (0: skip; default 2000)",
    )
    parser.add_argument(
        "--digest",
        action="store_true",
        help="print a digest of the stored lists, mixes and packs (same digest: same results)",
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="encore-train-bench-") as home:
        os.environ["ENCORE_HOME"] = home
        os.environ["ENCORE_CONFIG"] = str(Path(home) / "config.toml")
        os.environ["ENCORE_SPARK"] = args.master
        from engine.analysis.features import FEATURE_NAMES
        from engine.config import load_config
        from engine.context import build_context
        from engine.spark.jobs import run_job
        from engine.spark.session import create_session

        t0 = time.perf_counter()
        # The store is filled by a child process, so this one is what `encore train` is: a
        # process that opens a filled store and trains (filling it here left ~2 GB resident at
        # 1M that the allocator never returned, and the peak counted it as the job's).
        filler = multiprocessing.get_context("spawn").Process(
            target=_fill_store, args=(args.tracks,)
        )
        filler.start()
        filler.join()
        if filler.exitcode != 0:
            raise SystemExit(f"filling the store failed (exit {filler.exitcode})")
        t_store = time.perf_counter() - t0
        with build_context(load_config()) as ctx:
            rss_before_mb = _reset_own_peak()
            t0 = time.perf_counter()
            spark = create_session(
                args.master, app_name="encore-train-bench", driver_memory=args.driver_memory
            )
            t_session = time.perf_counter() - t0
            try:
                summary = run_job(
                    "train",
                    ctx,
                    spark=spark,
                    n_neighbours=args.neighbours,
                    progress=_step_printer(spark.sparkContext._gateway.proc.pid),
                )
                jvm_mb = _peak_rss_mb(spark.sparkContext._gateway.proc.pid)
            finally:
                spark.stop()
            rss_mb = _peak_rss_mb(os.getpid())
            recall = None
            matrix = synthetic_features(args.tracks, len(FEATURE_NAMES))
            ids = track_ids(args.tracks)
            if args.recall > 0:
                recall = exact_recall(ctx.store, matrix, ids, args.neighbours, queries=args.recall)
            digest = stored_digest(ctx.store.path) if args.digest else {}

    p = summary.params
    target = TARGET_SECONDS.get(args.tracks)
    rows = [
        ("tracks", f"{args.tracks}", ""),
        ("feature dims", f"{matrix.shape[1]}", ""),
        ("master", args.master, ""),
        ("k (rule)", f"{summary.k} ({p['k_rule']})", ""),
        ("fill store (not timed)", f"{t_store:.1f} s", ""),
        ("SparkSession start", f"{t_session:.1f} s", ""),
    ]
    rows += [(f"  {name}", f"{sec:.1f} s", "") for name, sec in p["timings"].items()]
    verdict = ""
    if target is not None:
        verdict = "PASS" if summary.seconds <= target else "FAIL"
        verdict = f"target ≤ {target:.0f} s: {verdict}"
    rows += [
        ("train end to end", f"{summary.seconds:.1f} s", verdict),
        ("end to end + session", f"{summary.seconds + t_session:.1f} s", ""),
        ("neighbours written", f"{summary.neighbours_written}", ""),
        ("LSH candidates / track", f"{p['lsh_candidates_mean']:.1f}", ""),
        ("distance fill / track", f"{p['lsh_filled_mean']:.2f}", ""),
        # Each such list is merged, re-ordered and re-explained on the driver during the save.
        ("lists the border probe changed", f"{p['border_improved_tracks']}", ""),
        ("driver Python RSS before the job", f"{rss_before_mb:.0f} MB", "store opened"),
        ("driver Python peak RSS in the job", f"{rss_mb:.0f} MB", _limit(rss_mb, "python")),
        ("driver JVM peak RSS", f"{jvm_mb:.0f} MB", _limit(jvm_mb, "jvm")),
    ]
    if recall is not None:
        rows.append(
            (
                f"recall of the exact {args.neighbours} nearest",
                f"{recall:.4f}",
                f"{args.recall} queries",
            )
        )
    rows += [(f"digest of the {name}", value, "") for name, value in digest.items()]
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'value':>14}  note")
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>14}  {note}")
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    return 0


def _step_printer(jvm_pid: int):
    """Prints each finished step as it happens, so a run cut short still reports its stages."""
    from engine.progress import Progress
    from engine.recommend.training import STEPS

    started = time.perf_counter()

    def report(done: int, total: int) -> None:
        print(
            f"  step {STEPS[done - 1]} done at {time.perf_counter() - started:.1f} s "
            f"(load average {os.getloadavg()[0]:.1f}; peak RSS so far: Python "
            f"{_peak_rss_mb(os.getpid()):.0f} MB, "
            f"JVM {_peak_rss_mb(jvm_pid):.0f} MB)",
            flush=True,
        )

    return Progress(len(STEPS), "train", report, min_interval=0.0)


def _limit(mb: float, which: str) -> str:
    target = TARGET_DRIVER_MB[which]
    return f"target ≤ {target:.0f} MB: {'PASS' if mb <= target else 'FAIL'}"


if __name__ == "__main__":
    sys.exit(main())
