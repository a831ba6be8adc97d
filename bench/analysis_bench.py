"""Analysis speed (and what the windows cost in loudness accuracy) on full-length tracks.

Run: ``python -m bench.analysis_bench [FOLDER] [--workers 2] [--whole-track-check 40]``

FOLDER defaults to ``$ENCORE_FULL_TRACKS`` or ``../full`` beside the repo (built by
``../shared/corpus/fetch-full.sh``). The tracks are imported into a temporary ENCORE_HOME and
analysed with the real pipeline (process pool, store writes). Printed: tracks/min by the wall
clock, tracks/min the measured CPU time per track allows on ``workers`` cores (the two differ
when other programs share the machine), CPU per track, decoded audio per track and peak RSS per
worker. ``--whole-track-check N`` also decodes N tracks whole and compares the windowed loudness,
peak and clipping figures with the whole-track ones.

Target (issue 2, 2 cores): >= 400 tracks/min over tracks of median length ~2.5 min.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from engine.analysis.params import DEFAULT_PARAMS, AnalysisParams  # noqa: E402
from engine.analysis.worker import FileResult  # noqa: E402

TARGET_PER_MIN = 400.0


def default_folder() -> Path:
    return Path(os.environ.get("ENCORE_FULL_TRACKS") or REPO.parent / "full")


def run_speed(folder: Path, workers: int, params: AnalysisParams) -> list[tuple[str, str, str]]:
    from engine.analysis.pipeline import analyse_library
    from engine.library.importer import import_library
    from engine.stores.sqlite import SQLiteStore

    results: list[FileResult] = []
    with tempfile.TemporaryDirectory(prefix="encore-analysis-bench-") as home:
        store = SQLiteStore(Path(home) / "library.sqlite3")
        try:
            imported = import_library(store, str(folder), workers=workers)
            durations = [t.duration for t in store.iter_tracks()]
            cpu_before = os.times()
            summary = analyse_library(
                store,
                workers=workers,
                params=params,
                on_result=results.append,
            )
            cpu_after = os.times()
        finally:
            store.close()
    n = summary.analysed + summary.failed
    per_track = [r.seconds for r in results]
    mean_cpu = statistics.fmean(per_track)
    children_cpu = (cpu_after.children_user + cpu_after.children_system) - (
        cpu_before.children_user + cpu_before.children_system
    )
    parent_cpu = (cpu_after.user + cpu_after.system) - (cpu_before.user + cpu_before.system)
    wall_rate = n / summary.seconds * 60
    # All CPU the run used (workers incl. start-up + parent store writes) spread over the cores.
    total_cpu = children_cpu + parent_cpu if children_cpu > 0 else parent_cpu
    cpu_rate = n / (total_cpu / workers) * 60 if total_cpu > 0 else float("nan")
    rss = sorted(summary.worker_peak_rss_kb.values())
    rows = [
        ("tracks", f"{n} ({summary.failed} failed), import: {imported.line()}", ""),
        (
            "track length",
            f"median {statistics.median(durations) / 60:.2f} min, "
            f"total {sum(durations) / 3600:.2f} h",
            "median ~2.5 min",
        ),
        ("windows", _describe(params), ""),
        ("wall time", f"{summary.seconds:.1f} s with {workers} workers", ""),
        (
            "tracks/min (wall clock)",
            f"{wall_rate:.0f}",
            f">= {TARGET_PER_MIN:.0f} {_verdict(wall_rate)}",
        ),
        (
            "tracks/min (CPU-bound, all CPU of the run)",
            f"{cpu_rate:.0f}",
            f">= {TARGET_PER_MIN:.0f} {_verdict(cpu_rate)}",
        ),
        (
            "CPU per track (worker)",
            f"mean {mean_cpu * 1000:.0f} ms, median {statistics.median(per_track) * 1000:.0f} ms, "
            f"p95 {_p95(per_track) * 1000:.0f} ms",
            f"<= {workers * 60 / TARGET_PER_MIN * 1000:.0f} ms on {workers} cores",
        ),
        (
            "CPU of the run",
            f"workers {children_cpu:.1f} s (incl. start-up), parent {parent_cpu:.1f} s",
            "",
        ),
        (
            "audio decoded per track",
            f"{statistics.fmean(r.decoded_s for r in results):.1f} s",
            "",
        ),
        (
            "peak RSS per worker",
            ", ".join(f"{kb / 1024:.0f} MB" for kb in rss) or "n/a (inline)",
            "modest (< 500 MB)",
        ),
    ]
    return rows


def run_whole_track_check(folder: Path, n: int, params: AnalysisParams) -> list[tuple[str, ...]]:
    """Windowed vs whole-track quality figures on ``n`` tracks spread over the folder."""
    from engine.analysis.decode import decode_windows
    from engine.analysis.quality import quality_figures

    files = sorted(
        p for p in folder.rglob("*") if p.suffix.lower() in {".ogg", ".mp3", ".flac", ".m4a"}
    )
    step = max(len(files) // n, 1)
    whole = AnalysisParams(n_windows=0)
    d_lufs, d_peak, clip_pairs = [], [], []
    cpu_windows = cpu_whole = 0.0
    for path in files[::step][:n]:
        t0 = time.process_time()
        win = decode_windows(path, params)
        qw = quality_figures(win.windows, win.sr)
        t1 = time.process_time()
        full = decode_windows(path, whole)
        qf = quality_figures(full.windows, full.sr)
        t2 = time.process_time()
        cpu_windows += t1 - t0
        cpu_whole += t2 - t1
        d_lufs.append(abs(qw.loudness_lufs - qf.loudness_lufs))
        d_peak.append(qf.peak_dbfs - qw.peak_dbfs)
        clip_pairs.append((qw.clipping_ratio, qf.clipping_ratio))
    m = len(d_lufs)
    return [
        ("tracks compared", str(m), ""),
        (
            "|loudness windows - whole| (LU)",
            f"median {statistics.median(d_lufs):.2f}, p90 {_pct(d_lufs, 0.9):.2f}, "
            f"max {max(d_lufs):.2f}",
            "<= 1 LU p90 (normalisation)",
        ),
        (
            "peak whole - windows (dB)",
            f"median {statistics.median(d_peak):.2f}, max {max(d_peak):.2f}",
            "",
        ),
        (
            "clipping flagged (>1e-4) windows / whole",
            f"{sum(w > 1e-4 for w, _ in clip_pairs)} / {sum(f > 1e-4 for _, f in clip_pairs)}",
            "",
        ),
        (
            "decode+quality CPU per track",
            f"windows {cpu_windows / m * 1000:.0f} ms, whole {cpu_whole / m * 1000:.0f} ms",
            "",
        ),
    ]


def _describe(params: AnalysisParams) -> str:
    if params.whole_track:
        return f"whole track at {params.sr} Hz"
    windows = f"{params.n_windows} x {params.window_s:g} s"
    return f"{windows} at {params.sr} Hz, soxr {params.resample_quality}"


def _verdict(rate: float) -> str:
    return "OK" if rate >= TARGET_PER_MIN else "MISSED"


def _p95(values: list[float]) -> float:
    return _pct(values, 0.95)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(q * len(ordered)), len(ordered) - 1)]


def print_table(title: str, rows: list[tuple[str, ...]]) -> None:
    width = max(len(r[0]) for r in rows)
    value_width = max(len(r[1]) for r in rows)
    print(f"\n{title}")
    print("-" * (width + value_width + 30))
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:<{value_width}}  {target}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=default_folder())
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--windows", type=int, default=DEFAULT_PARAMS.n_windows)
    parser.add_argument("--window-s", type=float, default=DEFAULT_PARAMS.window_s)
    parser.add_argument("--whole-track-check", type=int, default=0, metavar="N")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(
            f"analysis_bench: {args.folder}: no such folder (build it with "
            "../shared/corpus/fetch-full.sh DIR, or set ENCORE_FULL_TRACKS)",
            file=sys.stderr,
        )
        return 2
    os.environ.setdefault("NUMBA_CACHE_DIR", str(REPO / ".cache" / "numba"))
    params = AnalysisParams(n_windows=args.windows, window_s=args.window_s)
    print_table(
        f"analysis speed: {args.folder} (load from other programs slows the wall clock)",
        run_speed(args.folder, args.workers, params),
    )
    if args.whole_track_check:
        print_table(
            "windowed vs whole-track quality figures",
            run_whole_track_check(args.folder, args.whole_track_check, params),
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
