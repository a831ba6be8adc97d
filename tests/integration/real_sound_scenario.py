"""Run by test_real_sound.py in a child process whose HOME holds an ALSA file-device config
(see alsa_capture.py: the parent reads the device's output through a FIFO at the sample rate).

It plays generated noise through the real sounddevice output and drives play, pause, seek,
gapless transition, volume and next, then writes what happened to ``events.json``. PortAudio
initialises on import, so this must run in a fresh process with the environment already set.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from pathlib import Path

from engine.playback import Player, SoundDeviceOutput
from tests.unit.player_support import RATE, track, write_noise

SECONDS = {"a": 3.0, "b": 3.0, "c": 1.0}
DEADLINE = 60.0
PAUSE_SECONDS = 0.5


def _wait(cond, what: str) -> None:
    # Music has to play for a while between two actions: wait for the player's own clock (its
    # position) to pass a point, with a deadline.
    end = time.monotonic() + DEADLINE
    while not cond():
        if time.monotonic() > end:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.0005)


def unpaced(workdir: Path) -> int:
    """Through a sink without a clock: play, pause at once, hold, resume, play to the end."""
    a = workdir / "a.wav"
    write_noise(a, 2.0, seed=200)
    output = SoundDeviceOutput()
    ended = threading.Event()
    player = Player(output=output)
    player.add_listener(lambda name, payload: ended.set() if name == "ended" else None)
    log: dict[str, object] = {}
    try:
        player.play([track(a)])
        player.pause()
        _wait(lambda: not output.active, "the stream to end while paused")
        callbacks = output.callbacks
        held = time.monotonic() + PAUSE_SECONDS
        _wait(lambda: time.monotonic() > held, "the pause to last")
        log["callbacks_while_paused"] = output.callbacks - callbacks
        player.resume()
        if not ended.wait(DEADLINE):
            raise SystemExit("the queue did not end")
    finally:
        player.close()
    (workdir / "events.json").write_text(json.dumps(log))
    return 0


def main(workdir: Path) -> int:
    a = workdir / "a.wav"
    b = workdir / "b.wav"
    c = workdir / "c.wav"
    for i, path in enumerate((a, b, c)):
        write_noise(path, SECONDS[path.stem], seed=100 + i)
    output = SoundDeviceOutput()
    assert output.samplerate == RATE, output.samplerate
    recorded = []
    ended = threading.Event()
    player = Player(output=output, record=recorded.append, device_id="capture")
    player.add_listener(lambda name, payload: ended.set() if name == "ended" else None)
    log: dict[str, object] = {}
    try:
        player.play([track(a), track(b), track(c)])
        _wait(lambda: player.position() >= 0.5, "0.5 s of a")
        player.pause()
        log["paused_at"] = player.position()
        _wait(lambda: not output.active, "the stream to end while paused")
        callbacks = output.callbacks
        held = time.monotonic() + PAUSE_SECONDS
        _wait(lambda: time.monotonic() > held, "the pause to last")  # a listener's pause
        log["callbacks_while_paused"] = output.callbacks - callbacks
        player.seek(2.0)
        player.resume()
        _wait(lambda: player.current is not None and player.current.track_id == "b", "b")
        _wait(lambda: player.position() >= 0.5, "0.5 s of b")
        player.volume = 0.5
        log["volume_at"] = player.position()
        _wait(lambda: player.position() >= 1.0, "1 s of b")  # before half: a skip
        player.next()
        if not ended.wait(DEADLINE):
            raise SystemExit("the queue did not end")
        log["underruns"] = output.underruns
    finally:
        player.close()
    log["events"] = [(e.type, e.track_id, e.position) for e in recorded]
    (workdir / "events.json").write_text(json.dumps(log))
    return 0


if __name__ == "__main__":
    scenario = unpaced if sys.argv[2:] == ["unpaced"] else main
    sys.exit(scenario(Path(sys.argv[1])))
