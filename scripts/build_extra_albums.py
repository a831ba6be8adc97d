#!/usr/bin/env python3
"""Albums from the Debian packages that hold a few music tracks among their sound effects.

Usage: ``build_extra_albums.py UNPACKED OUT PKG...`` where ``UNPACKED/<pkg>/`` is ``dpkg -x`` of
each package. One package is one album; its music is every audio file or tracker module of at
least :data:`MIN_SECONDS` (shorter files are the sound effects), and an album needs at least
:data:`MIN_TRACKS` of them. Ogg/MP3/FLAC/WAV/Opus are copied as they are, tracker modules are
rendered with ffmpeg's libopenmpt (to FLAC), MIDI with FluidSynth when a General MIDI
soundfont is installed (skipped otherwise).

Writes ``OUT/music/<pkg>/NN <name>.<ext>`` and ``OUT/manifest.csv`` with the columns of the
second development corpus (``path,source_package,album,artist,title,genre_guess,duration_s,
format,license``; paths relative to OUT). Needs ffmpeg/ffprobe; only the standard library.
"""

from __future__ import annotations

import csv
import glob
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

MIN_SECONDS = 60.0
MIN_TRACKS = 4
COLUMNS = (
    "path",
    "source_package",
    "album",
    "artist",
    "title",
    "genre_guess",
    "duration_s",
    "format",
    "license",
)
AUDIO = {".ogg", ".oga", ".mp3", ".flac", ".wav", ".opus"}
TRACKER = {".mod", ".xm", ".it", ".s3m"}
MIDI = {".mid", ".midi"}
SF2 = os.environ.get("SF2", "/usr/share/sounds/sf2/FluidR3_GM.sf2")
# Renders end where the module ends, often in seconds of silence: trimmed as fetch-full.sh does.
TRIM = "areverse,silenceremove=start_periods=1:start_threshold=-60dB:start_silence=0.5,areverse"


FFPROBE = (
    "ffprobe",
    "-v",
    "error",
    "-of",
    "json",
    "-show_entries",
    "format=duration:format_tags:stream_tags",
)
FFMPEG = ("ffmpeg", "-nostdin", "-v", "error", "-y")
TO_FLAC = ("-c:a", "flac", "-sample_fmt", "s16")


def probe(path: Path) -> tuple[float, dict[str, str]]:
    """Duration (s) and lower-cased tags; ``(0, {})`` when ffprobe cannot read the file."""
    out = subprocess.run(
        [*FFPROBE, str(path)],
        capture_output=True,
        text=True,
    )
    try:
        info = json.loads(out.stdout or "{}")
        duration = float(info.get("format", {}).get("duration", 0.0))
    except ValueError:
        return 0.0, {}
    tags: dict[str, str] = {}
    for stream in info.get("streams", []):
        tags.update({k.lower(): v for k, v in (stream.get("tags") or {}).items()})
    tags.update({k.lower(): v for k, v in (info.get("format", {}).get("tags") or {}).items()})
    return duration, tags


def package_license(root: Path) -> str:
    """The License of the package's ``Files: *`` stanza (DEP-5), else its first License."""
    for copyright_file in sorted(root.glob("usr/share/doc/*/copyright"))[:1]:
        text = copyright_file.read_text(encoding="utf-8", errors="replace")
        first = ""
        for para in re.split(r"\n\s*\n", text):
            lic = re.search(r"^License:[ \t]*(\S.*)", para, re.M)
            if not lic:
                continue
            first = first or lic.group(1).strip()
            if re.search(r"^Files:\s*\*\s*$", para, re.M):
                return lic.group(1).strip()
        if first:
            return first
    return "see the package's copyright file"


def render(src: Path, out: Path) -> None:
    """A tracker module or MIDI file as FLAC (libopenmpt / FluidSynth)."""
    if src.suffix.lower() in MIDI:
        wav = out.with_suffix(".wav")
        subprocess.run(
            ["fluidsynth", "-ni", "-g", "0.3", "-r", "44100", "-F", str(wav), SF2, str(src)],
            capture_output=True,
            check=True,
        )
        src = wav
    subprocess.run(
        [*FFMPEG, "-i", str(src), "-map", "0:a:0", "-af", TRIM, *TO_FLAC, str(out)],
        capture_output=True,
        check=True,
    )
    if src != out and src.suffix == ".wav":
        src.unlink()


def album_rows(unpacked: Path, out: Path, pkg: str) -> list[dict[str, str]]:
    root = unpacked / pkg
    files = sorted(
        Path(f)
        for f in glob.glob(str(root / "**" / "*"), recursive=True)
        if Path(f).is_file() and Path(f).suffix.lower() in AUDIO | TRACKER | MIDI
    )
    midi_ok = shutil.which("fluidsynth") is not None and Path(SF2).is_file()
    candidates = []
    for f in files:
        if f.suffix.lower() in MIDI and not midi_ok:
            print(f"{pkg}: {f.name}: MIDI skipped (no fluidsynth/soundfont)", file=sys.stderr)
            continue
        duration, tags = probe(f) if f.suffix.lower() not in MIDI else (MIN_SECONDS, {})
        if duration >= MIN_SECONDS:
            candidates.append((f, tags))
    if len(candidates) < MIN_TRACKS:
        found = len(candidates)
        print(f"{pkg}: {found} tracks of >= {MIN_SECONDS:.0f} s, skipped", file=sys.stderr)
        return []
    album_dir = out / "music" / pkg
    shutil.rmtree(album_dir, ignore_errors=True)
    album_dir.mkdir(parents=True)
    license_text = package_license(root)
    rows = []
    for number, (src, tags) in enumerate(candidates, start=1):
        title = (tags.get("title") or src.stem.replace("_", " ")).strip()
        safe = re.sub(r"[^A-Za-z0-9._ +()-]+", "_", title).strip(" ._")[:80] or "untitled"
        ext = src.suffix.lower()
        rendered = ext in TRACKER | MIDI
        dest = album_dir / f"{number:02d} {safe}{'.flac' if rendered else ext}"
        if rendered:
            render(src, dest)
        else:
            shutil.copyfile(src, dest)
        duration, _ = probe(dest)
        if duration < MIN_SECONDS:  # a render that ended in silence and was trimmed short
            dest.unlink()
            continue
        rows.append(
            {
                "path": str(dest.relative_to(out)),
                "source_package": pkg,
                "album": f"{pkg} music",
                "artist": (tags.get("artist") or f"{pkg} composers").strip(),
                "title": title,
                "genre_guess": "Chiptune-Tracker" if ext in TRACKER else "Game-mixed",
                "duration_s": f"{duration:.1f}",
                "format": dest.suffix.lstrip("."),
                "license": license_text,
            }
        )
    if len(rows) < MIN_TRACKS:
        shutil.rmtree(album_dir)
        return []
    return rows


def main(argv: list[str]) -> int:
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    unpacked, out, pkgs = Path(argv[0]), Path(argv[1]), argv[2:]
    out.mkdir(parents=True, exist_ok=True)
    rows = [row for pkg in pkgs for row in album_rows(unpacked, out, pkg)]
    with (out / "manifest.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    albums = len({r["album"] for r in rows})
    print(f"extra albums: {len(rows)} tracks, {albums} albums", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
