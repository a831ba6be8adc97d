"""The player's side of the playback load bench, run in a child process whose HOME routes
ALSA's default device to the bench's sink (PortAudio reads its configuration on import).

    python -m bench.playback_load_child --seconds S [--eq PRESET] TRACK...

It measures the first audio frame of a dozen plays, closes the device (so that the sink sees
two sessions), waits for a line on stdin, then plays the queue on repeat for ``--seconds`` and
prints one JSON line of what the output counted.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

import numpy as np

from bench.card_sink import RATE
from bench.first_frame import time_first_frame


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


def play(args: argparse.Namespace) -> int:
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
        first, primed = time_first_frame(player, track)
        if not (math.isnan(first) or math.isnan(primed)):
            first_ms.append(first)
            primed_ms.append(primed)
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--eq", metavar="PRESET")
    parser.add_argument("tracks", nargs="+")
    return play(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
