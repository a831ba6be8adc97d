"""Playback benchmark: time to first audio frame, and underruns while the CPU is busy.

    python -m bench.playback_bench [--seconds 60] [--corpus DIR]

Runs the player on the real sounddevice output. With no sound card, the default ALSA device is
routed to a FIFO read at the sample rate (tests/integration/alsa_capture.py), which gives the
stream a real-time clock; the player runs in a child process whose HOME holds that config.

Targets (issue 5): play() -> first audio frame in the output callback <= 100 ms; zero output
underruns over 60 s of playback while analysis (or, without `encore analyze`, one CPU-heavy
process per core) runs beside it.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.scratch import scratch_folder

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "clips"
FIRST_FRAME_TARGET_MS = 100.0

# One CPU-heavy process: FFTs and matrix products, like feature extraction, for `seconds`.
_BURNER = """
import sys, time, numpy as np
end = time.monotonic() + float(sys.argv[1])
x = np.random.default_rng(0).standard_normal((512, 2048)).astype(np.float32)
while time.monotonic() < end:
    np.abs(np.fft.rfft(x, axis=1)) @ np.ones((1025, 64), np.float32)
"""


def _child(args: argparse.Namespace) -> int:
    """Runs inside the child (the ALSA config is in place): measure and print JSON."""
    from bench.first_frame import time_first_frame
    from engine.models import Track
    from engine.playback import Player, SoundDeviceOutput

    corpus = Path(args.corpus)
    files: dict[str, Path] = {}
    for path in sorted(corpus.rglob("*")):
        ext = path.suffix.lower().lstrip(".")
        if ext in ("ogg", "mp3", "flac", "m4a") and ext not in files:
            files[ext] = path
    tracks = {
        ext: Track(track_id=ext, path=str(p), title=p.stem, duration=30.0)
        for ext, p in files.items()
    }
    output = SoundDeviceOutput()
    player = Player(output=output)
    # The app builds its player at start-up, long before the first double-click: measure
    # from there (the codec imports are done), as a listener would meet it.
    player.wait_warm(10)
    first_frame: dict[str, list[float]] = {ext: [] for ext in tracks}
    for _ in range(args.repeats):
        for ext, track in tracks.items():
            first, _ = time_first_frame(player, track)
            if not math.isnan(first):
                first_frame[ext].append(first)
    player.stop()

    # 60 s of continuous playback (a queue of clips, gapless transitions included) under load.
    clips = [p for p in sorted(corpus.rglob("*.ogg"))][:4]
    queue = [Track(track_id=str(i), path=str(p), title=p.stem) for i, p in enumerate(clips)]
    ended = threading.Event()
    player.add_listener(lambda name, _: ended.set() if name == "ended" else None)
    before = (output.device_underflows, output.starved)
    callbacks_before = output.callbacks
    player.play(queue)
    load_started = time.monotonic()
    with scratch_folder("encore-bench-") as home:
        load = _start_load(args.seconds, args.corpus, home)
        try:
            ended.wait(args.seconds)
        finally:
            # Before the folder goes: `encore analyze` writes its library there.
            for proc in load["procs"]:
                proc.kill()
                proc.wait()
    played = time.monotonic() - load_started
    underflows = output.device_underflows - before[0]
    starved = output.starved - before[1]
    callbacks = output.callbacks - callbacks_before
    player.close()
    print(
        json.dumps(
            {
                "first_frame_ms": first_frame,
                "samplerate": output.samplerate,
                "seconds": played,
                "callbacks": callbacks,
                "device_underflows": underflows,
                "starved_blocks": starved,
                "load": load["kind"],
            }
        )
    )
    return 0


def _start_load(seconds: float, corpus: str, home: Path) -> dict:
    """The CPU load beside playback: ``encore analyze`` of ``corpus`` into ``home``, else one
    CPU-bound process per core."""
    encore = REPO / ".venv" / "bin" / "encore"
    probe = subprocess.run(
        [str(encore), "analyze", "--help"], capture_output=True, text=True, check=False
    )
    if probe.returncode == 0:
        env = dict(os.environ, ENCORE_HOME=str(home), ENCORE_CONFIG=str(home / "c.toml"))
        subprocess.run([str(encore), "import", corpus], env=env, capture_output=True, check=False)
        proc = subprocess.Popen(
            [str(encore), "analyze"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        return {"kind": "encore analyze", "procs": [proc]}
    procs = [
        subprocess.Popen([sys.executable, "-c", _BURNER, str(seconds)])
        for _ in range(os.cpu_count() or 2)
    ]
    return {"kind": f"{len(procs)} CPU-bound numpy processes", "procs": procs}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return _child(args)

    sys.path.insert(0, str(REPO))
    from tests.integration.alsa_capture import PacedCapture

    with tempfile.TemporaryDirectory(prefix="encore-playback-") as tmp:
        capture = PacedCapture(Path(tmp)).start()
        try:
            env = capture.env({**os.environ, "PYTHONPATH": str(REPO)})
            cmd = [sys.executable, "-m", "bench.playback_bench", "--child"]
            cmd += ["--seconds", str(args.seconds), "--repeats", str(args.repeats)]
            cmd += ["--corpus", args.corpus]
            result = subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True)
        finally:
            captured = capture.stop()
    if result.returncode != 0:
        print(result.stdout + result.stderr, file=sys.stderr)
        return 1
    data = json.loads(result.stdout.strip().splitlines()[-1])
    print(f"Playback benchmark (output {data['samplerate']} Hz through the ALSA file device, ")
    print(f"paced FIFO; captured {len(captured) / 8 / data['samplerate']:.1f} s of audio)\n")
    print(f"{'measure':<44} {'value':>12} {'target':>10}  ok")
    all_ms: list[float] = []
    for ext, values in data["first_frame_ms"].items():
        if not values:
            print(f"{'first frame, ' + ext:<44} {'none':>12} {'<= 100 ms':>10}  NO")
            continue
        all_ms += values
        value = f"{statistics.median(values):.1f} / {max(values):.1f}"
        ok = max(values) <= FIRST_FRAME_TARGET_MS
        label = f"first frame, {ext} (median / max ms)"
        print(f"{label:<44} {value:>12} {'<= 100 ms':>10}  {'yes' if ok else 'NO'}")
    underruns = data["device_underflows"] + data["starved_blocks"]
    label = f"underruns in {data['seconds']:.0f} s under load"
    print(f"{label:<44} {underruns:>12} {'0':>10}  {'yes' if underruns == 0 else 'NO'}")
    print(
        f"  (load: {data['load']}; {data['callbacks']} callbacks, device underflows "
        f"{data['device_underflows']}, starved blocks {data['starved_blocks']})"
    )
    ok = bool(all_ms) and max(all_ms) <= FIRST_FRAME_TARGET_MS and underruns == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
