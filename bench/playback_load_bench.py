"""Playback under load: silent gaps a listener would hear, underruns, start latency.

    python -m bench.playback_load_bench [--seconds 300] [--corpus DIR] [--no-load]

The player plays a queue of generated noise tracks (FLAC and Ogg Vorbis: noise has no silent
frames, so every run of zeros in the capture is a gap) through the real sounddevice output for
``--seconds``. With no sound card, ALSA's default device is routed into a FIFO that this process
drains like a sound card does: one period every period's time, from a buffer the size of the
pipe (64 KiB = 186 ms at 44.1 kHz float32 stereo). When the data for a period is not there on
time, the "card" plays silence for what is missing (an underrun, counted) and the late audio
follows, as a real card's would after an xrun.

Meanwhile both cores are kept busy: one CPU hog (numpy FFTs and matrix products) per core
plus ``encore analyze`` over the corpus in a throwaway ENCORE_HOME, restarted whenever it
finishes. The load generators run at the default priority, like the desktop's analysis.

The player asks for real-time scheduling for its audio callback (engine/playback/priority.py);
where the system refuses, the figures show what buffering alone achieves.

Targets (issue 10 item 7): 0 gaps and 0 underruns over 5 minutes under that load; first
audio frame <= 100 ms after play().
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import select
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "clips"
RATE = 44100
FRAME_BYTES = 8  # float32 stereo
PERIOD = 512  # frames the "card" plays per step
GAP_FRAMES = 32  # a run of this many zero frames inside the music is a gap (0.7 ms)
FIRST_FRAME_TARGET_MS = 100.0

_HOG = """
import sys, time, numpy as np
end = time.monotonic() + float(sys.argv[1])
x = np.random.default_rng(0).standard_normal((512, 2048)).astype(np.float32)
while time.monotonic() < end:
    np.abs(np.fft.rfft(x, axis=1)) @ np.ones((1025, 64), np.float32)
"""


class Session:
    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.underruns = 0
        self.late_max = 0.0  # the sink's own worst wake-up delay, seconds

    def audio(self) -> np.ndarray:
        raw = b"".join(self.chunks)
        raw = raw[: len(raw) // FRAME_BYTES * FRAME_BYTES]
        return np.frombuffer(raw, dtype="<f4").reshape(-1, 2)


class CardSink:
    """Drains the ALSA file device's FIFO at the sample rate, like a sound card.

    Each open of the device is one session (the clock starts at its first data and stops when
    the device is closed): its audio is what a listener would have heard (late data preceded
    by the silence the card played meanwhile) and its underruns count the periods whose data
    was not there on time.
    """

    def __init__(self, workdir: Path, rate: int = RATE) -> None:
        self.rate = rate
        self.home = workdir / "alsa-home"
        self.home.mkdir(parents=True, exist_ok=True)
        self.fifo = workdir / "card.fifo"
        os.mkfifo(self.fifo)
        (self.home / ".asoundrc").write_text(
            'pcm.!default {\n  type file\n  slave.pcm "null"\n'
            f'  file "{self.fifo}"\n  format "raw"\n}}\n'
        )
        self.sessions: list[Session] = []
        self.closed = threading.Event()  # the device was closed (set after each session)
        self.realtime = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="card", daemon=True)

    def env(self, base: dict[str, str]) -> dict[str, str]:
        return {**base, "HOME": str(self.home)}

    def start(self) -> CardSink:
        self._thread.start()
        return self

    def stop(self) -> list[Session]:
        self._stop.set()
        with contextlib.suppress(OSError):  # a reader blocked in open() waits for a writer
            os.close(os.open(self.fifo, os.O_WRONLY | os.O_NONBLOCK))
        self._thread.join(timeout=10)
        return self.sessions

    def _run(self) -> None:
        # A card's clock is hardware: give the thread that plays its part real-time priority
        # where allowed, so the sink's own lateness is not counted against the player.
        try:
            os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(20))
            self.realtime = True
        except (OSError, AttributeError):
            self.realtime = False
        while not self._stop.is_set():
            fd = os.open(self.fifo, os.O_RDONLY)  # each ALSA open of the device reopens it
            try:
                self._play(fd)
            finally:
                os.close(fd)
                self.closed.set()

    def _play(self, fd: int) -> None:
        want = PERIOD * FRAME_BYTES
        select.select([fd], [], [])  # the clock starts with the first data
        session = Session()
        self.sessions.append(session)
        self.closed.clear()
        start = time.monotonic()
        periods = 0
        pending = b""
        os.set_blocking(fd, False)
        while not self._stop.is_set():
            due = start + (periods + 1) * PERIOD / self.rate
            delay = due - time.monotonic()
            if delay > 0:
                self._stop.wait(delay)
            session.late_max = max(session.late_max, time.monotonic() - due)
            closed = False
            while len(pending) < want:
                try:
                    block = os.read(fd, want - len(pending))
                except BlockingIOError:
                    break
                if not block:
                    closed = True
                    break
                pending += block
            if closed and not pending:
                return  # the stream was closed (stopped or paused): the clock stops too
            took, pending = pending[:want], pending[want:]
            session.chunks.append(took)
            if len(took) < want and not closed:
                session.underruns += 1
                session.chunks.append(bytes(want - len(took)))  # what the card played meanwhile
            periods += 1
            if closed:
                return


def gaps(audio: np.ndarray, min_frames: int = GAP_FRAMES) -> list[tuple[int, int]]:
    """Runs of at least ``min_frames`` all-zero frames between the first and last sound.

    Returns
    -------
    list of (start_frame, length)
    """
    silent = ~np.any(audio != 0.0, axis=1)
    sounding = np.flatnonzero(~silent)
    if len(sounding) == 0:
        return []
    inner = silent[sounding[0] : sounding[-1] + 1].astype(np.int8)
    edges = np.diff(np.concatenate([[0], inner, [0]]))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    return [
        (int(s + sounding[0]), int(e - s))
        for s, e in zip(starts, ends, strict=True)
        if e - s >= min_frames
    ]


def make_tracks(folder: Path, seconds: float, count: int) -> list[Path]:
    import soundfile as sf

    rng = np.random.default_rng(10)
    paths = []
    for i in range(count):
        data = rng.uniform(-0.4, 0.4, size=(int(seconds * RATE), 2)).astype(np.float32)
        data[data == 0.0] = 1e-4  # no exact zeros in the source
        suffix, fmt = ((".flac", "PCM_16"), (".ogg", "VORBIS"))[i % 2]
        path = folder / f"{i:02d} noise{suffix}"
        sf.write(path, data, RATE, subtype=fmt)
        paths.append(path)
    return paths


def _child(args: argparse.Namespace) -> int:
    """In the child (the ALSA config is in place): play, measure, print one JSON line."""
    from engine.eq_settings import EqSettings
    from engine.models import Track
    from engine.playback import Player, SoundDeviceOutput

    eq = EqSettings.from_preset(args.eq) if args.eq else EqSettings()

    paths = [Path(p) for p in args.tracks]
    tracks = [Track(track_id=str(i), path=str(p), title=p.stem) for i, p in enumerate(paths)]
    output = SoundDeviceOutput()
    player = Player(output=output, equaliser=eq)
    player.wait_warm(120)  # the app warms up long before the first play: so does this
    first_ms: list[float] = []
    primed_ms: list[float] = []  # play() -> first audio buffered (the rest: the callback's turn)
    for track in tracks[: min(len(tracks), 6)] * 2:
        t0 = time.perf_counter()
        player.play([track])
        dec = player.feed.current
        deadline = time.monotonic() + 5
        while dec is not None and dec.first_frame_at is None and time.monotonic() < deadline:
            time.sleep(0.001)  # reading an outside clock (the device), not synchronising
        if dec is not None and dec.first_frame_at is not None and dec.primed_at is not None:
            first_ms.append((dec.first_frame_at - t0) * 1000)
            primed_ms.append((dec.primed_at - t0) * 1000)
    player.close()  # closes the device: the long run below is the sink's next session
    print("CLOSED", flush=True)
    sys.stdin.readline()  # the sink saw the close (else the two sessions would merge)
    output = SoundDeviceOutput()
    player = Player(output=output, equaliser=eq)
    player.queue.repeat = "all"
    player.play(tracks)
    print("PLAYING", flush=True)
    time.sleep(args.seconds)  # the measured interval itself
    position_ok = player.state == "playing"
    latency, realtime = output.latency, output.realtime
    after = (output.device_underflows, output.starved, output.callbacks)
    player.close()
    print(
        json.dumps(
            {
                "first_frame_ms": first_ms,
                "primed_ms": primed_ms,
                "device_underflows": after[0],
                "starved_blocks": after[1],
                "callbacks": after[2],
                "latency_s": latency,
                "callback_realtime": realtime,
                "still_playing": position_ok,
            }
        ),
        flush=True,
    )
    return 0


class Load:
    """One CPU hog per core plus `encore analyze`, restarted whenever it finishes."""

    def __init__(self, corpus: str, seconds: float, workdir: Path, nice: int) -> None:
        self.corpus, self.seconds, self.workdir = corpus, seconds, workdir
        self.nice = nice
        self.procs: list[subprocess.Popen] = []
        self.analyze_runs = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._analyze_loop, daemon=True)

    def start(self) -> Load:
        cores = os.cpu_count() or 2
        self.procs = [
            subprocess.Popen(
                [sys.executable, "-c", _HOG, str(self.seconds + 30)], preexec_fn=self._lower
            )
            for _ in range(cores)
        ]
        self._thread.start()
        return self

    def _analyze_loop(self) -> None:
        encore = str(REPO / ".venv" / "bin" / "encore")
        while not self._stop.is_set():
            home = tempfile.mkdtemp(prefix="analyze-", dir=self.workdir)
            env = dict(os.environ, ENCORE_HOME=home, ENCORE_CONFIG=os.path.join(home, "c.toml"))
            env["PYTHONPATH"] = str(REPO)
            quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
            quiet["preexec_fn"] = self._lower
            subprocess.run([encore, "import", self.corpus], check=False, **quiet)
            proc = subprocess.Popen([encore, "analyze"], **quiet)
            self.procs.append(proc)
            while proc.poll() is None and not self._stop.wait(0.5):
                pass
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            self.analyze_runs += 1

    def _lower(self) -> None:
        if self.nice:
            os.nice(self.nice)

    def stop(self) -> None:
        self._stop.set()
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
        self._thread.join(timeout=30)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=300.0)
    parser.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    parser.add_argument("--no-load", action="store_true", help="measure on a quiet machine")
    parser.add_argument(
        "--load-nice",
        type=int,
        default=0,
        help="run the load generators this much nicer (0 = like the desktop's analysis)",
    )
    parser.add_argument("--eq", metavar="PRESET", help="play with this equaliser preset on")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--tracks", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return _child(args)

    with tempfile.TemporaryDirectory(prefix="encore-load-") as tmp:
        work = Path(tmp)
        music = work / "music"
        music.mkdir()
        tracks = make_tracks(music, 40.0, 6)
        sink = CardSink(work).start()
        cmd = [sys.executable, "-m", "bench.playback_load_bench", "--child"]
        cmd += ["--seconds", str(args.seconds), "--tracks", *map(str, tracks)]
        if args.eq:
            cmd += ["--eq", args.eq]
        env = sink.env({**os.environ, "PYTHONPATH": str(REPO)})
        load = (
            None if args.no_load else Load(args.corpus, args.seconds, work, args.load_nice).start()
        )
        if load is not None:
            time.sleep(5)  # let the load reach full speed before anything is measured
        child = subprocess.Popen(
            cmd, env=env, cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert child.stdin is not None and child.stdout is not None
        if child.stdout.readline().startswith("CLOSED"):
            sink.closed.wait(30)
            child.stdin.write("\n")
            child.stdin.flush()
        ready = child.stdout.readline()
        loads = [os.getloadavg()[0]]
        sampler = threading.Event()

        def sample_load() -> None:
            while not sampler.wait(10):
                loads.append(os.getloadavg()[0])

        threading.Thread(target=sample_load, daemon=True).start()
        out, _ = child.communicate()
        sampler.set()
        loads.append(os.getloadavg()[0])
        if load is not None:
            load.stop()
        sessions = sink.stop()
    if not ready.startswith("PLAYING") or child.returncode != 0 or not sessions:
        print(ready + out, file=sys.stderr)
        return 1
    data = json.loads(out.strip().splitlines()[-1])
    run = max(sessions[1:] or sessions, key=lambda x: len(x.chunks))  # [0]: start-up probes
    audio, sink_underruns = run.audio(), run.underruns
    found = gaps(audio)
    gap_ms = [n / RATE * 1000 for _, n in found]
    starts = data["first_frame_ms"]
    underruns = data["device_underflows"] + data["starved_blocks"] + sink_underruns
    kind = (
        "quiet machine"
        if args.no_load
        else (
            f"{os.cpu_count()} CPU hogs + encore analyze ({load.analyze_runs if load else 0} runs"
            f"{f', nice {args.load_nice}' if args.load_nice else ''})"
        )
    )
    eq = f", equaliser '{args.eq}'" if args.eq else ""
    print(f"Playback under load: {args.seconds:.0f} s through a paced ALSA->FIFO sink, {kind}{eq}")
    print(f"load average (1 min) during the run: mean {np.mean(loads):.2f}, max {max(loads):.2f}")
    print(
        f"captured {len(audio) / RATE:.1f} s; output latency {data['latency_s'] * 1000:.0f} ms; "
        f"{data['callbacks']} callbacks (real-time thread: {data['callback_realtime']}); "
        f"sink {'real-time' if sink.realtime else 'normal'} "
        f"priority, its worst wake-up {run.late_max * 1000:.1f} ms late\n"
    )
    print(f"{'measure':<46} {'value':>14} {'target':>10}  ok")
    rows = [
        ("silent gaps in the capture", f"{len(found)}", "0", not found),
        ("longest gap (ms)", f"{max(gap_ms, default=0):.1f}", "-", True),
        ("card underruns (data late at the sink)", f"{sink_underruns}", "0", sink_underruns == 0),
        (
            "callback underruns (starved blocks)",
            f"{data['starved_blocks']}",
            "0",
            data["starved_blocks"] == 0,
        ),
        (
            "PortAudio output underflows",
            f"{data['device_underflows']}",
            "0",
            data["device_underflows"] == 0,
        ),
        (
            "first frame after play() (median / max ms)",
            f"{np.median(starts):.1f} / {max(starts):.1f}" if starts else "none",
            "<= 100",
            bool(starts) and max(starts) <= FIRST_FRAME_TARGET_MS,
        ),
    ]
    for label, value, target, ok in rows:
        print(f"{label:<46} {value:>14} {target:>10}  {'yes' if ok else 'NO'}")
    primed = data["primed_ms"]
    if primed:
        med, worst = np.median(primed), max(primed)
        print(f"  of which decoded and buffered: median {med:.1f}, max {worst:.1f} ms")
    for at, n in found[:10]:
        print(f"  gap at {at / RATE:.3f} s of the run, {n / RATE * 1000:.1f} ms")
    if not data["still_playing"]:
        print("the player was not playing at the end of the run")
    ok = not found and underruns == 0 and bool(starts) and max(starts) <= FIRST_FRAME_TARGET_MS
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
