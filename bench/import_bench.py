"""Import speed: first import and unchanged re-scan of a generated mixed-format library.

Run: ``python -m bench.import_bench [--files 10000] [--rescan-copies 10] [--workers N]``

The library (small tagged files in all seven formats, real audio) is generated once and cached
under ``bench/out/``. The 100k re-scan target is measured on a real 100k-track library: the
10k files are hard-linked ``--rescan-copies`` times (cheap), imported once, then re-scanned.
Targets (issue 2, 2 cores): first import >= 1,700 files/s; re-scan of 100k unchanged <= 5 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from engine.library.importer import import_library  # noqa: E402
from engine.stores.sqlite import SQLiteStore  # noqa: E402
from tests.audio_files import FORMATS, make_audio_file  # noqa: E402

OUT = REPO / "bench" / "out"
GENRES = ("Rock", "Jazz", "Ambient", "Electronic", "Folk", "Classical", "Hip-Hop", "")


def generate(root: Path, n_files: int) -> Path:
    """``n_files`` tagged files, 20 per album folder, formats mixed; reused if complete."""
    marker = root / ".complete"
    if marker.is_file() and marker.read_text() == str(n_files):
        return root
    start = time.perf_counter()
    for i in range(n_files):
        fmt = FORMATS[i % len(FORMATS)]
        album, track = divmod(i, 20)
        artist = f"Artist {album // 5:04d}"
        folder = root / artist / f"Album {album:05d}"
        path = folder / f"{track + 1:02d} Song {i}.{fmt}"
        if path.exists():
            continue
        # Every 10th file is untagged: its id comes from the content sample.
        tagged = i % 10 != 0
        make_audio_file(
            path,
            fmt,
            title=f"Song {i}" if tagged else None,
            artist=artist if tagged else None,
            album=f"Album {album:05d}" if tagged else None,
            genre=GENRES[album % len(GENRES)] or None,
            track_no=track + 1 if tagged else None,
            year=1960 + album % 60,
            cover=i % 7 == 0,
            tone=220.0 + (i % 50) * 10.0,
        )
    marker.write_text(str(n_files))
    print(f"generated {n_files} files in {time.perf_counter() - start:.1f} s under {root}")
    return root


def hardlink_copies(source: Path, target: Path, copies: int) -> Path:
    marker = target / ".complete"
    if marker.is_file() and marker.read_text() == str(copies):
        return target
    for c in range(copies):
        for dirpath, _dirs, files in os.walk(source):
            rel = Path(dirpath).relative_to(source)
            out = target / f"copy{c:02d}" / rel
            out.mkdir(parents=True, exist_ok=True)
            for name in files:
                if name.startswith("."):
                    continue
                dst = out / name
                if not dst.exists():
                    os.link(Path(dirpath) / name, dst)
    marker.write_text(str(copies))
    return target


def timed_import(store: SQLiteStore, root: Path, workers: int) -> tuple[float, object]:
    start = time.perf_counter()
    summary = import_library(store, str(root), workers=workers)
    return time.perf_counter() - start, summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--rescan-copies", type=int, default=10, help="0 skips the 100k run")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()

    lib = generate(OUT / f"import-lib-{args.files}", args.files)
    load_before = os.getloadavg()[0]
    rows: list[tuple[str, str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="encore-import-bench-") as tmp:
        store = SQLiteStore(Path(tmp) / "lib.sqlite3")
        seconds, summary = timed_import(store, lib, args.workers)
        rate = args.files / seconds
        rows.append(
            (
                f"first import, {args.files} files",
                f"{seconds:.2f} s = {rate:,.0f} files/s",
                ">= 1,700 files/s",
                "PASS" if rate >= 1700 else "FAIL",
            )
        )
        assert summary.added == args.files, summary.line()
        seconds, summary = timed_import(store, lib, args.workers)
        assert summary.unchanged == args.files, summary.line()
        rows.append(
            (
                f"re-scan unchanged, {args.files} files",
                f"{seconds:.3f} s = {args.files / seconds:,.0f} files/s",
                f"<= {5 * args.files / 100_000:.2f} s (pro rata)",
                "PASS" if seconds <= 5 * args.files / 100_000 else "FAIL",
            )
        )
        store.close()

        if args.rescan_copies:
            big = hardlink_copies(
                lib, OUT / f"import-lib-{args.files}x{args.rescan_copies}", args.rescan_copies
            )
            n_big = args.files * args.rescan_copies
            store = SQLiteStore(Path(tmp) / "big.sqlite3")
            seconds, summary = timed_import(store, big, args.workers)
            assert summary.added == n_big, summary.line()
            rows.append(
                (
                    f"first import, {n_big} files",
                    f"{seconds:.1f} s = {n_big / seconds:,.0f} files/s",
                    "<= 60 s",
                    "PASS" if seconds <= 60 else "FAIL",
                )
            )
            seconds, summary = timed_import(store, big, args.workers)
            assert summary.unchanged == n_big, summary.line()
            rows.append(
                (
                    f"re-scan unchanged, {n_big} files",
                    f"{seconds:.2f} s",
                    "<= 5 s",
                    "PASS" if seconds <= 5 else "FAIL",
                )
            )
            store.close()

        # CPU cost per file in one process (workers=1 reads in-process): independent of how
        # busy the machine is, so it shows what 2 free cores can do.
        sample = min(2000, args.files)
        subset = Path(tmp) / "subset"
        subset.mkdir()
        audio = sorted(p for p in lib.rglob("*") if p.is_file() and not p.name.startswith("."))
        for i, src in enumerate(audio[:sample]):
            os.link(src, subset / f"{i:05d}{src.suffix}")
        store = SQLiteStore(Path(tmp) / "cpu.sqlite3")
        cpu0 = time.process_time()
        import_library(store, str(subset), workers=1)
        per_file = (time.process_time() - cpu0) / sample
        store.close()
        cores = os.cpu_count() or 1
        rows.append(
            (
                f"CPU per file, 1 process, {sample} files",
                f"{per_file * 1000:.2f} ms = {cores / per_file:,.0f} files/s on {cores} free cores",
                ">= 1,700 files/s",
                "PASS" if cores / per_file >= 1700 else "FAIL",
            )
        )

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    header = ("measurement", "result", "target", "")
    load = os.getloadavg()[0]
    print(
        f"import benchmark, {args.workers} worker(s), {os.cpu_count()} cores, "
        f"load average {load_before:.1f} at start / {load:.1f} at end"
    )
    for row in (header, *rows):
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
    print(f"peak RSS of the importing process: {peak_mb:.0f} MB")
    return 0 if all(r[3] == "PASS" for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
