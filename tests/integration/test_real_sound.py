"""Real sound: the player drives the real sounddevice output; ALSA's file device captures it.

The child process gets a temporary HOME whose ``.asoundrc`` routes the default ALSA device to
a FIFO that this process reads at the sample rate (never the user's HOME). The captured samples
must be the decoded audio: the parts the listener should hear, in order, at the right volume,
with silence for the pause and no gap between two tracks.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from tests.integration.alsa_capture import PacedCapture
from tests.unit.player_support import RATE

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.sound


@dataclass
class Segment:
    source: str
    scale: float
    src_start: int
    src_end: int
    cap_start: int
    cap_end: int


def _segments(capture: np.ndarray, sources: dict[str, np.ndarray]) -> list[Segment]:
    """Split the capture into runs that equal a source's frames (times a volume) exactly."""
    found: list[Segment] = []
    left = capture[:, 0]
    i, n = 0, len(capture)
    while i < n:
        if left[i] == 0.0:
            i += 1
            continue
        hit = None
        for name, data in sources.items():
            for scale in (1.0, 0.5):
                where = np.flatnonzero(data[:, 0] * np.float32(scale) == left[i])
                if len(where) == 1:
                    hit = (name, scale, int(where[0]))
                    break
            if hit:
                break
        assert hit is not None, f"captured frame {i} is not from any track"
        name, scale, start = hit
        data = sources[name] * np.float32(scale)
        length = min(len(data) - start, n - i)
        equal = np.all(capture[i : i + length] == data[start : start + length], axis=1)
        run = int(np.argmin(equal)) if not equal.all() else length
        assert run > 0
        prev = found[-1] if found else None
        if prev and prev.source == name and prev.scale == scale and prev.src_end == start:
            prev.src_end, prev.cap_end = start + run, i + run  # rejoined after an underrun
        else:
            found.append(Segment(name, scale, start, start + run, i, i + run))
        i += run
    return found


def _play_scenario(tmp_path: Path, *scenario: str, paced: bool = True) -> tuple[Path, np.ndarray]:
    """Run real_sound_scenario.py in a child whose default ALSA device is captured; returns
    its work folder (the tracks it played, events.json) and the captured frames."""
    work = tmp_path / "work"
    work.mkdir()
    capture = PacedCapture(tmp_path, rate=RATE, paced=paced).start()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "tests.integration.real_sound_scenario", str(work), *scenario],
            env=capture.env({**os.environ, "PYTHONPATH": str(REPO)}),
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        raw = capture.stop()
    assert result.returncode == 0, result.stdout + result.stderr
    return work, np.frombuffer(raw, dtype="<f4").reshape(-1, 2)


def test_play_pause_seek_gapless_volume_next_reach_the_device(tmp_path: Path) -> None:
    work, audio = _play_scenario(tmp_path)
    log = json.loads((work / "events.json").read_text())
    sources = {k: sf.read(work / f"{k}.wav", dtype="float32")[0] for k in "abc"}
    segs = [s for s in _segments(audio, sources) if s.src_end - s.src_start > 64]
    plan = [(s.source, s.scale) for s in segs]
    assert plan == [("a", 1.0), ("a", 1.0), ("b", 1.0), ("b", 0.5), ("c", 0.5)], segs
    first, after_seek, b_loud, b_quiet, c = segs
    # play: a from its first sample; pause: near the paused position, then silence
    assert first.src_start == 0
    assert abs(first.src_end / RATE - log["paused_at"]) < 0.1
    assert not audio[first.cap_end : after_seek.cap_start].any()
    assert log["callbacks_while_paused"] == 0  # paused, the output pulls nothing
    # seek: resumed at exactly 2.0 s, played to a's end
    assert after_seek.src_start == 2 * RATE and after_seek.src_end == len(sources["a"])
    # gapless: b's first sample follows a's last one in the very next frame
    assert b_loud.src_start == 0 and b_loud.cap_start == after_seek.cap_end
    # volume: halved in the middle of b without a jump in b's timeline
    assert b_quiet.src_start == b_loud.src_end
    assert abs(b_loud.src_end / RATE - log["volume_at"]) < 0.1
    # next: c from its start, to its end
    assert b_quiet.src_end < len(sources["b"])
    assert c.src_start == 0 and c.src_end == len(sources["c"])
    kinds = [(t, tid) for t, tid, _ in log["events"]]
    assert kinds == [
        ("play", "a"),
        ("pause", "a"),
        ("seek", "a"),
        ("resume", "a"),
        ("complete", "a"),
        ("play", "b"),
        ("skip", "b"),
        ("play", "c"),
        ("complete", "c"),
    ]


def test_a_sink_without_a_clock_gets_no_silence_while_paused(tmp_path: Path) -> None:
    # The bare null device takes audio as fast as it comes: a player that kept its stream
    # running while paused wrote silence at full speed (13 GB a minute).
    work, audio = _play_scenario(tmp_path, "unpaced", paced=False)
    log = json.loads((work / "events.json").read_text())
    assert log["callbacks_while_paused"] == 0
    source = sf.read(work / "a.wav", dtype="float32")[0]
    sounding = np.flatnonzero(audio[:, 0])
    music = audio[sounding[0] : sounding[-1] + 1]
    # Every frame reached the sink, in order; between them only the few blocks of silence
    # a stream start writes (the pause lasted 0.5 s: at full speed that was ~1e6 frames).
    np.testing.assert_array_equal(music[music[:, 0] != 0], source)
    assert len(music) - len(source) <= 4 * 2048


def test_no_output_device_is_one_clear_error(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / ".asoundrc").write_text("pcm.!default {\n  type hw\n  card 7\n}\n")
    music = tmp_path / "x.wav"
    sf.write(music, np.zeros((4410, 2), dtype=np.float32), RATE)
    env = dict(os.environ, HOME=str(home), PYTHONPATH=str(REPO))
    env["ENCORE_HOME"] = str(tmp_path / "encore")
    result = subprocess.run(
        [sys.executable, "-m", "engine.cli", "play", str(music)],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("encore:")]
    assert len(lines) == 1 and "audio output" in lines[0], result.stderr
