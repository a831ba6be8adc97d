"""Time to the first recommendation (issue 10, item 1): the desktop's Import button and the CLI.

    python -m bench.first_recommendation_bench [--clips DIR] [--no-train] [--bliss DIR]
        [--cold] [--no-cli] [--no-after-install]

Every measurement runs in a fresh child process with a fresh ``ENCORE_HOME``:

* **desktop** — offscreen window (``QT_QPA_PLATFORM=offscreen``), silent output. The clock
  starts when the folder is handed to the Import button. A listener selects the first song of
  the table the moment the table shows it; **first song** is when the pane shows that song's
  recommendations (the song the pane shows is analysed first, and the pane asks again each
  time vectors are saved). **whole import** is when import and analysis have ended (every song
  recommendable); with training (default) the run goes on until Spark's run replaced the first
  results. Per-stage start times come from the panel; the analysis pace is in tracks/min.
  Run twice: with the warm numba cache the install leaves (``python -m
  engine.analysis.numba_cache``, as ``scripts/install.sh`` runs it), and **right after
  install** — the same cache, a fresh process, and (as root) the OS page cache dropped first,
  so librosa, numba's cache, Qt and the audio files are read from disk as on a first start.
* **cold analyser** (``--cold``) — an empty numba cache: what a first import costs when the
  install did not warm it (the "Preparing the audio analyser" stage).
* **CLI** — ``encore import``, ``encore analyze``, ``encore recommend FIRST -k 5`` one after
  the other, wall time of each process (``--no-cli`` leaves it and bliss-rs out).
* **bliss-rs** — PyPI ``bliss-audio`` analysing the same files in one process per core, in the
  same run (install it beside the project: ``pip install --target DIR bliss-audio``, pass
  ``--bliss DIR``); skipped when it cannot be imported.

Targets (quiet 2-core machine): 77 dev clips, first recommendation ≤ 10 s with warm caches and
≤ 20 s right after install; 1,000 full-length tracks (``--clips`` a folder built by
:mod:`bench.thousand_tracks`), the first song's recommendations ≤ 10 s after the import starts
and all analysed at ≥ 600 tracks/min; CLI path within 3x the bliss-rs analysis time. The load
average is printed: on a shared machine every figure is an upper bound.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CLIPS = REPO.parent / "shared" / "corpus" / "clips"
AUDIO = {".mp3", ".ogg", ".flac", ".m4a", ".opus", ".wav", ".aiff", ".aif"}

TARGET_WARM_S = 10.0
TARGET_AFTER_INSTALL_S = 20.0
TARGET_CLI_VS_BLISS = 3.0
TARGET_TRACKS_PER_MIN = 600.0


def audio_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in AUDIO)


# --- children -------------------------------------------------------------------------------
def desktop_child(clips: str, train: bool) -> dict:
    """Runs inside a fresh process: the Import button, timed from the GUI thread."""
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from desktop.app import build_desktop
    from engine.context import build_context
    from engine.playback.output import NullOutput

    desk = build_desktop(build_context(), output=NullOutput(realtime=True, keep=False))
    window = desk.window
    window.show()

    def wait(cond, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while not cond():
            if time.monotonic() > deadline:
                return False
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            time.sleep(0.005)  # a benchmark polling the GUI, not a test
        return True

    wait(lambda: not desk.workers.busy(), 60)
    panel = window.library.import_panel
    stages: dict[str, float] = {}
    original = panel.progress

    def spy(stage: str, done: int, total: int) -> None:
        stages.setdefault(stage, time.monotonic() - started)
        original(stage, done, total)

    panel.progress = spy
    model = window.library_model
    pane = window.recommendations
    window.sidebar.select("Library")
    started = time.monotonic()
    window.start_import([clips])
    job = window._import_job

    def import_ended() -> bool:
        return window._import_job is not job

    # The listener: selects the first song of the table the moment the table shows it, and
    # waits for its recommendations while the rest of the import is analysed.
    ok = wait(lambda: model.rowCount() > 0, 600)
    rows_s = time.monotonic() - started
    window.library.table.selectRow(0)
    ok = ok and wait(lambda: pane.list.count() > 0, 900)
    first_song_s = time.monotonic() - started
    shown = pane.list.count()
    ok = ok and wait(import_ended, 1800)  # import + analysis ended
    result = {
        "ok": ok,
        "rows_s": rows_s,
        "first_song_s": first_song_s,
        "shown": shown,
        "import_and_analysis_s": time.monotonic() - started,
        "tracks": model.rowCount(),
        "stages": stages,
        "trained_s": None,
    }
    if train and window._import_job is not None and wait(lambda: window._import_job is None, 900):
        result["trained_s"] = time.monotonic() - started
    window.cancel_import()
    window.close()
    desk.close()
    return result


def run_child(args: list[str], env: dict[str, str]) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "bench.first_recommendation_bench", *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if out.returncode != 0 or not lines:
        raise SystemExit(f"child failed ({out.returncode}): {out.stderr.strip()[-2000:]}")
    return json.loads(lines[-1])


def bliss_child(paths: list[str], workers: int) -> dict:
    from concurrent.futures import ProcessPoolExecutor

    started = time.monotonic()
    with ProcessPoolExecutor(workers) as pool:
        done = sum(1 for ok in pool.map(_bliss_one, paths, chunksize=4) if ok)
    return {"seconds": time.monotonic() - started, "analysed": done}


def _bliss_one(path: str) -> bool:
    from bliss_audio import Song

    try:
        return len(Song(path).analysis) > 0
    except Exception:  # a file bliss cannot read is counted as not analysed
        return False


# --- parent ---------------------------------------------------------------------------------
def fresh_env(home: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ, ENCORE_HOME=str(home), ENCORE_CONFIG=str(home / "config.toml"))
    env.update(QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO), **extra)
    for var in ("ENCORE_MONGO", "ENCORE_KAFKA", "ENCORE_SPARK"):
        env.pop(var, None)
    return env


def cli_path(clips: Path, first: Path, scratch: Path) -> dict[str, float]:
    env = fresh_env(scratch / "cli-home")
    times: dict[str, float] = {}
    for name, argv in (
        ("import", ["import", str(clips)]),
        ("analyze", ["analyze"]),
        ("recommend", ["recommend", str(first), "-k", "5"]),
    ):
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "engine.cli", *argv], env=env, capture_output=True, text=True
        )
        times[name] = time.monotonic() - started
        if done.returncode != 0:
            raise SystemExit(f"encore {name} failed: {done.stderr.strip()}")
    times["total"] = sum(times.values())
    return times


def verdict(value: float, target: float) -> str:
    return "meets" if value <= target else "MISSES"


def drop_page_cache() -> bool:
    """Empty the OS page cache (root only), so the next start reads everything from disk."""
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n", encoding="ascii")
    except OSError:
        return False
    return True


def pace(run: dict) -> float | None:
    """Tracks analysed per minute over the analysis stage (its start to the import's end)."""
    begun = run["stages"].get("analysis")
    if begun is None or run["import_and_analysis_s"] <= begun:
        return None
    return run["tracks"] * 60.0 / (run["import_and_analysis_s"] - begun)


def describe(name: str, run: dict, target: float) -> str:
    stages = ", ".join(f"{k} at {v:.1f} s" for k, v in run["stages"].items())
    per_min = pace(run)
    rate = "" if per_min is None else f", {per_min:.0f} tracks/min"
    return (
        f"  {name:<19}first song {run['first_song_s']:6.1f} s (target ≤ {target:.0f} s: "
        f"{verdict(run['first_song_s'], target)}; {run['shown']} shown; rows at "
        f"{run['rows_s']:.1f} s); whole import {run['import_and_analysis_s']:.1f} s"
        f"{rate} — {stages}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clips", type=Path, default=CLIPS)
    parser.add_argument("--no-train", dest="train", action="store_false")
    parser.add_argument("--bliss", type=Path, help="a folder holding the bliss_audio package")
    parser.add_argument("--cold", action="store_true", help="also run with an empty numba cache")
    parser.add_argument("--no-cli", dest="cli", action="store_false")
    parser.add_argument(
        "--no-after-install", dest="after_install", action="store_false", help="warm run only"
    )
    parser.add_argument("--desktop-child", help=argparse.SUPPRESS)
    parser.add_argument("--bliss-child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.desktop_child:
        print(json.dumps(desktop_child(args.desktop_child, args.train)))
        return 0
    if args.bliss_child:
        paths = json.loads(Path(args.bliss_child).read_text(encoding="utf-8"))
        print(json.dumps(bliss_child(paths, os.cpu_count() or 1)))
        return 0

    files = audio_files(args.clips)
    print(f"{len(files)} files under {args.clips}; load average {os.getloadavg()}")
    from engine.analysis import numba_cache

    warm_cache = str(numba_cache.cache_dir())
    runs: list[tuple[str, dict, float]] = []
    with tempfile.TemporaryDirectory(prefix="encore-first-rec-") as tmp:
        scratch = Path(tmp)
        subprocess.run(  # the install step, so "warm" means warm
            [sys.executable, "-m", "engine.analysis.numba_cache"],
            env=fresh_env(scratch / "warm-home", NUMBA_CACHE_DIR=warm_cache),
            check=True,
            capture_output=True,
        )
        train = [] if args.train else ["--no-train"]
        desktop = ["--desktop-child", str(args.clips)]
        warm = run_child([*desktop, *train], fresh_env(scratch / "w", NUMBA_CACHE_DIR=warm_cache))
        runs.append(("warm caches", warm, TARGET_WARM_S))
        if args.after_install:
            dropped = drop_page_cache()
            after = run_child(
                [*desktop, "--no-train"], fresh_env(scratch / "i", NUMBA_CACHE_DIR=warm_cache)
            )
            name = "after install" if dropped else "after install (page cache kept: not root)"
            runs.append((name, after, TARGET_AFTER_INSTALL_S))
        if args.cold:
            empty = str(scratch / "empty-numba")
            cold = run_child(
                [*desktop, "--no-train"], fresh_env(scratch / "c", NUMBA_CACHE_DIR=empty)
            )
            runs.append(("cold analyser", cold, TARGET_AFTER_INSTALL_S))
        cli = cli_path(args.clips, files[0], scratch) if args.cli else None
        bliss = None
        if args.cli and args.bliss is not None:
            listing = scratch / "files.json"
            listing.write_text(json.dumps([str(p) for p in files]), encoding="utf-8")
            env = fresh_env(scratch / "bliss")
            env["PYTHONPATH"] = f"{REPO}{os.pathsep}{args.bliss}"
            bliss = run_child(["--bliss-child", str(listing)], env)

    print(f"\nload average after the runs: {os.getloadavg()}")
    print("\nfolder chosen → the first song's recommendations in the pane (desktop)")
    for name, run, target in runs:
        print(describe(name, run, target))
    print(
        f"  1,000 full tracks: first song ≤ {TARGET_WARM_S:.0f} s, pace ≥ "
        f"{TARGET_TRACKS_PER_MIN:.0f} tracks/min"
    )
    if warm["trained_s"] is not None:
        print(f"  Spark run replaced the first results after {warm['trained_s']:.1f} s")
    if cli is None:
        return 0
    print("\nCLI: encore import → analyze → recommend (fresh ENCORE_HOME)")
    print("  " + ", ".join(f"{k} {v:.1f} s" for k, v in cli.items()))
    if bliss is None:
        print("  bliss-rs: not measured (pass --bliss DIR with bliss-audio installed there)")
    else:
        ratio = cli["total"] / bliss["seconds"]
        print(
            f"  bliss-rs analysed {bliss['analysed']}/{len(files)} in {bliss['seconds']:.1f} s: "
            f"CLI path {ratio:.1f}x (target ≤ {TARGET_CLI_VS_BLISS:.0f}x: "
            f"{verdict(ratio, TARGET_CLI_VS_BLISS)})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
