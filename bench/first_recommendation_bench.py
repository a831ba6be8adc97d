"""Time to the first recommendation (issue 10, item 1): the desktop's Import button and the CLI.

    python -m bench.first_recommendation_bench [--clips DIR] [--no-train] [--bliss DIR]

Every measurement runs in a fresh child process with a fresh ``ENCORE_HOME``:

* **desktop, warm** — offscreen window (``QT_QPA_PLATFORM=offscreen``), silent output; the clock
  starts when the folder is handed to the Import button and stops when the pane shows the
  first song's recommendations (first pass: no training run yet); also the earliest moment
  the first analysed song could be recommended while the others were still analysed. With
  training (default) it goes on until the Spark run has replaced them. Per-stage times come
  from the panel.
* **desktop, cold analyser** — the same with an empty numba cache: what a first import costs
  when ``scripts/install.sh`` did not warm it (the "Preparing the audio analyser" stage).
* **CLI** — ``encore import``, ``encore analyze``, ``encore recommend FIRST -k 5`` one after
  the other, wall time of each process.
* **bliss-rs** — PyPI ``bliss-audio`` analysing the same files in one process per core, in the
  same run (install it beside the project: ``pip install --target DIR bliss-audio``, pass
  ``--bliss DIR``); skipped when it cannot be imported.

Targets (quiet 2-core machine): desktop ≤ 10 s with warm caches, ≤ 20 s right after install;
CLI path within 3x the bliss-rs analysis time. The load average is printed: on a shared
machine every figure is an upper bound.
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
    started = time.monotonic()
    window.start_import([clips])
    job = window._import_job
    store = desk.ctx.store
    probe: dict[str, float] = {"next": 0.0}

    def first_song_served() -> None:
        # The earliest moment the first analysed song has recommendations (what a listener
        # who selects it sees), asked twice a second while analysis runs.
        now = time.monotonic()
        if "first_song_s" in probe or now < probe["next"]:
            return
        probe["next"] = now + 0.5
        ids, _, _ = store.feature_matrix()
        if len(ids) >= 2 and window.services.recommend(ids[0], 5):
            probe["first_song_s"] = time.monotonic() - started

    def import_ended() -> bool:
        first_song_served()
        return window._import_job is not job

    ok = wait(import_ended, 900)  # import + analysis ended
    analysed_at = time.monotonic() - started
    window.sidebar.select("Library")
    window.library.table.selectRow(0)
    pane = window.recommendations
    ok = ok and wait(lambda: pane.list.count() > 0, 120)
    first = time.monotonic() - started
    result = {
        "ok": ok,
        "first_s": first,
        "first_song_s": probe.get("first_song_s"),
        "import_and_analysis_s": analysed_at,
        "stages": stages,
        "shown": pane.list.count(),
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clips", type=Path, default=CLIPS)
    parser.add_argument("--no-train", dest="train", action="store_false")
    parser.add_argument("--bliss", type=Path, help="a folder holding the bliss_audio package")
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
    with tempfile.TemporaryDirectory(prefix="encore-first-rec-") as tmp:
        scratch = Path(tmp)
        subprocess.run(  # the install step, so "warm" means warm
            [sys.executable, "-m", "engine.analysis.numba_cache"],
            env=fresh_env(scratch / "warm-home", NUMBA_CACHE_DIR=warm_cache),
            check=True,
            capture_output=True,
        )
        train = [] if args.train else ["--no-train"]
        warm = run_child(
            ["--desktop-child", str(args.clips), *train],
            fresh_env(scratch / "desktop-warm", NUMBA_CACHE_DIR=warm_cache),
        )
        cold = run_child(
            ["--desktop-child", str(args.clips), "--no-train"],
            fresh_env(scratch / "desktop-cold", NUMBA_CACHE_DIR=str(scratch / "empty-numba")),
        )
        cli = cli_path(args.clips, files[0], scratch)
        bliss = None
        if args.bliss is not None:
            listing = scratch / "files.json"
            listing.write_text(json.dumps([str(p) for p in files]), encoding="utf-8")
            env = fresh_env(scratch / "bliss")
            env["PYTHONPATH"] = f"{REPO}{os.pathsep}{args.bliss}"
            bliss = run_child(["--bliss-child", str(listing)], env)

    def stages(run: dict) -> str:
        return ", ".join(f"{k} at {v:.1f} s" for k, v in run["stages"].items())

    print(f"\nload average after the runs: {os.getloadavg()}")
    print("\nfolder chosen → first recommendation in the pane (desktop, fresh ENCORE_HOME)")
    print(
        f"  warm caches        {warm['first_s']:6.1f} s  (target ≤ {TARGET_WARM_S:.0f} s: "
        f"{verdict(warm['first_s'], TARGET_WARM_S)}; {warm['shown']} shown) — {stages(warm)}"
    )
    print(
        f"  cold analyser      {cold['first_s']:6.1f} s  (no install warm-up; after install "
        f"the cache is warm, target ≤ {TARGET_AFTER_INSTALL_S:.0f} s) — {stages(cold)}"
    )
    for name, run in (("warm", warm), ("cold", cold)):
        if run["first_song_s"] is not None:
            print(
                f"  {name}: the first analysed song had recommendations after "
                f"{run['first_song_s']:.1f} s (while the rest were still analysed)"
            )
    if warm["trained_s"] is not None:
        print(f"  Spark run replaced the first results after {warm['trained_s']:.1f} s")
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
