"""Build a folder of 1,000 distinct full-length tracks from the real music on this machine.

    python -m bench.thousand_tracks DEST [--count 1000]

For :mod:`bench.first_recommendation_bench` (``--clips DEST``). Nothing here is committed:
the folder is built from the corpora ``scripts/fetch-dev-corpus.sh`` leaves on the machine.

* every audio file of ``/work/corpus-full`` (176 full tracks) and ``/work/corpus-more`` (338
  tracks, 33 albums of Debian game soundtracks) is hard-linked into ``DEST`` (a copy when the
  link fails): 514 real files, as imported;
* the rest are those files again, in path order, **stream-copied** with FFmpeg from 7 s in
  (``-ss 7 -c copy``: no re-encoding, so the audio is the original's), titled "… (from 0:07)":
  different bytes, a different duration and so different analysis windows and a different
  track id — nearly full-length songs, not short excerpts. A file FFmpeg cannot cut is skipped
  and the next one used.

Prints how many files of each kind it wrote.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
from pathlib import Path

SOURCES = (Path("/work/corpus-full"), Path("/work/corpus-more"))
AUDIO = {".mp3", ".ogg", ".flac", ".m4a", ".opus", ".wav"}
OFFSET_S = 7


def originals() -> list[Path]:
    return sorted(p for root in SOURCES for p in root.rglob("*") if p.suffix.lower() in AUDIO)


def link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def cut(source: Path, target: Path) -> bool:
    """``source`` from :data:`OFFSET_S` on, stream-copied; False when FFmpeg refuses."""
    target.parent.mkdir(parents=True, exist_ok=True)
    title = f"{source.stem} (from 0:{OFFSET_S:02d})"
    done = subprocess.run(
        [
            *("ffmpeg", "-nostdin", "-v", "error", "-y", "-ss", str(OFFSET_S), "-i", str(source)),
            *("-map", "0:a", "-c", "copy", "-metadata", f"title={title}", str(target)),
        ],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0 or not target.is_file() or target.stat().st_size == 0:
        target.unlink(missing_ok=True)
        return False
    return True


def build(dest: Path, count: int) -> tuple[int, int]:
    files = originals()
    linked = 0
    for i, source in enumerate(files[:count]):
        link(source, dest / "real" / f"{i:04d}-{source.parent.name}" / source.name)
        linked += 1
    cuts = 0
    for i, source in enumerate(files):
        if linked + cuts >= count:
            break
        name = f"{source.stem} (from 0m{OFFSET_S:02d}s){source.suffix}"
        if cut(source, dest / "cut" / f"{i:04d}-{source.parent.name}" / name):
            cuts += 1
    return linked, cuts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args(argv)
    if args.dest.exists() and any(args.dest.iterdir()):
        raise SystemExit(f"{args.dest}: not empty")
    linked, cuts = build(args.dest, args.count)
    print(f"{linked} real files linked, {cuts} stream-copied from {OFFSET_S} s in: {args.dest}")
    return 0 if linked + cuts == args.count else 1


if __name__ == "__main__":
    raise SystemExit(main())
