"""How long the real window takes to appear and paint under an X server, wall and CPU.

    python -m bench.first_paint_x --home /tmp/some-home [--runs 3] [--hogs 2] [--display :77]

Needs an X server on ``--display`` (Xvfb with a window manager), ``xdotool`` and ImageMagick's
``import``/``convert``; not run in CI. Starts ``encore`` as a user does (``HOME`` set, its own
library and state there), then reads from outside the process: when its window is mapped
(``xdotool``), its first paint (the first change after the frame it is mapped with), and the
last change before the screen stops changing (the number of colours in a screenshot, taken
every 0.1 s) — the library or the last page shown painted. CPU is the process's own (all its
threads, from /proc) at each moment, so a loaded machine shows as wall time over CPU time.
``--hogs`` runs that many busy numpy loops at the same priority beside it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SETTLED_S = 3.0  # no change in the screenshot for this long: painting is over

_HOG = """
import sys, time, numpy as np
end = time.monotonic() + float(sys.argv[1])
x = np.random.default_rng(0).standard_normal((512, 2048)).astype(np.float32)
while time.monotonic() < end:
    np.abs(np.fft.rfft(x, axis=1)) @ np.ones((1025, 64), np.float32)
"""


def _cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _colours(env: dict[str, str]) -> str:
    shot = subprocess.run(["import", "-window", "root", "png:-"], env=env, capture_output=True)
    info = ["convert", "png:-", "-format", "%k", "info:"]
    return subprocess.run(info, input=shot.stdout, capture_output=True).stdout.decode()


def one_run(home: str, display: str, timeout_s: float) -> dict[str, float]:
    env = dict(os.environ, HOME=home, DISPLAY=display)
    t0 = time.monotonic()
    app = subprocess.Popen(
        [str(REPO / ".venv" / "bin" / "encore")],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    found: dict[str, float] = {}
    try:
        while time.monotonic() - t0 < timeout_s:
            search = ["xdotool", "search", "--onlyvisible", "--pid", str(app.pid)]
            if subprocess.run(search, env=env, capture_output=True).stdout.strip():
                found["mapped_s"], found["mapped_cpu_s"] = time.monotonic() - t0, _cpu_s(app.pid)
                break
            time.sleep(0.05)
        last, changed = "", time.monotonic()
        while "mapped_s" in found and time.monotonic() - changed < SETTLED_S:
            colours = _colours(env)
            if colours != last:
                if last and "first_s" not in found:  # the first change after the black frame
                    found["first_s"], found["first_cpu_s"] = time.monotonic() - t0, _cpu_s(app.pid)
                last, changed = colours, time.monotonic()
                found["painted_s"], found["painted_cpu_s"] = changed - t0, _cpu_s(app.pid)
            time.sleep(0.1)
    finally:
        app.terminate()
        app.wait(30)
    return found


def _pair(found: dict[str, float], key: str) -> str:
    wall, cpu = (found.get(f"{key}{end}", float("nan")) for end in ("_s", "_cpu_s"))
    return f"{wall:.2f} s wall / {cpu:.2f} s CPU"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", required=True, help="HOME for encore (its library, state)")
    parser.add_argument("--display", default=os.environ.get("DISPLAY", ":77"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--hogs", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args(argv)
    hogs = [
        subprocess.Popen([sys.executable, "-c", _HOG, str(args.runs * (args.timeout + 20))])
        for _ in range(args.hogs)
    ]
    try:
        for run in range(1, args.runs + 1):
            load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
            r = one_run(args.home, args.display, args.timeout)

            print(
                f"run {run} (load {load}, {args.hogs} hogs): mapped {_pair(r, 'mapped')}, "
                f"first paint {_pair(r, 'first')}, last change {_pair(r, 'painted')}",
                flush=True,
            )
            time.sleep(2)
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
