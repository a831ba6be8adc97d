"""``encore play PATH...``: play files or folders with no window, then exit.

It runs the Qt-free playback engine (``engine.playback``, imported inside the handler so the
rest of the CLI never loads it) and records play events through the same recorder.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import threading
from typing import TYPE_CHECKING

from engine.context import Context
from engine.eq_settings import PRESETS, EqSettings
from engine.errors import EncoreError
from engine.library.ids import id_from_key
from engine.library.importer import read_file
from engine.library.paths import path_candidates
from engine.library.scan import scan
from engine.models import UNKNOWN_ALBUM, UNKNOWN_ARTIST, Track

if TYPE_CHECKING:
    from engine.playback import Player


def register(sub: argparse._SubParsersAction) -> None:
    play = sub.add_parser("play", help="play audio files or folders without the window")
    play.add_argument("paths", nargs="+", metavar="PATH", help="audio files or folders")
    play.add_argument(
        "--device",
        metavar="NAME",
        help="output device name or index (see `python -m sounddevice`); 'null' plays silently",
    )
    play.add_argument("--shuffle", action="store_true", help="play in random order")
    play.add_argument(
        "--repeat", choices=("off", "all", "one"), default="off", help="repeat mode (off)"
    )
    play.add_argument(
        "--eq",
        metavar="PRESET",
        help=f"graphic equaliser preset for this run ({', '.join(PRESETS)}; 'off'); "
        "default: the [equaliser] of config.toml",
    )
    play.add_argument("--quiet", action="store_true", help="do not print each track")
    play.set_defaults(handler=_play)


def resolve_tracks(paths: list[str], ctx: Context) -> tuple[list[Track], list[str]]:
    """The tracks to play, in order: library rows where known (so play events carry the
    library's ids), otherwise read from the file's tags with the importer's id rule."""
    tracks: list[Track] = []
    problems: list[str] = []
    for raw in paths:
        # A name copied from --json output may carry \xNN escapes (engine.library.paths).
        found_on_disk = (os.path.abspath(os.path.expanduser(p)) for p in path_candidates(raw))
        root = next((p for p in found_on_disk if os.path.exists(p)), None)
        if root is None:
            problems.append(f"{raw}: no such file or folder")
            continue
        found = scan(root)
        problems.extend(f"{p}: {reason}" for p, reason in found.errors)
        files = sorted(f.path for f in found.files)
        if os.path.isfile(root) and root not in files:
            files = [root]  # an unusual extension given explicitly: let the decoder try
        for path in files:
            known = ctx.store.find_by_path(path)
            tracks.append(known if known is not None else _track_from_file(path))
    return tracks, problems


def _track_from_file(path: str) -> Track:
    _, info, key = read_file(path)
    if info is None:
        # Unreadable tags: still try to play it; the id only has to be stable per path.
        return Track(track_id=id_from_key(f"path\x1f{path}"), path=path, title=_stem(path))
    return Track(
        track_id=id_from_key(key),
        path=path,
        title=info.title or _stem(path),
        artist=info.artist or UNKNOWN_ARTIST,
        album=info.album or UNKNOWN_ALBUM,
        duration=info.duration,
    )


def _equaliser(choice: str | None, configured: EqSettings) -> EqSettings:
    if choice is None:
        return configured
    if choice.strip().lower() == "off":
        return EqSettings()
    try:
        return EqSettings.from_preset(choice)
    except ValueError as exc:
        raise EncoreError(f"--eq: {exc}") from None


def _wait(player: Player, done: threading.Event, *, quiet: bool) -> None:
    """Until the queue ends; on a terminal, keys control the player meanwhile."""
    from engine.commands import play_keys

    if done.is_set() or not play_keys.interactive():
        done.wait()
        return
    fd = sys.stdin.fileno()
    with play_keys.cbreak(fd):
        if not quiet:  # only now: a key pressed after this line is read one by one, not echoed
            print(play_keys.HELP, flush=True)
        play_keys.control(player, fd, done, quiet=quiet)
    done.wait()


def _stem(path: str) -> str:
    return os.path.splitext(os.path.basename(path))[0]


def _play(args: argparse.Namespace, ctx: Context) -> int:
    from engine.playback import Player, open_output
    from engine.playback.loudness import store_gain

    tracks, problems = resolve_tracks(args.paths, ctx)
    for problem in problems:
        print(f"encore: {problem}", file=sys.stderr)
    if not tracks:
        raise EncoreError("nothing to play")
    output = open_output(args.device or ctx.config.output_device)
    gain_for = store_gain(ctx.store) if ctx.config.loudness_normalisation else None
    done = threading.Event()
    played: list[Track] = []
    errors: list[str] = []

    def on_event(name: str, payload: dict) -> None:
        if name == "track":
            track = payload["track"]
            played.append(track)
            if not args.quiet:
                print(f"▶ {track.artist} — {track.title}", flush=True)
        elif name == "error":
            errors.append(payload["message"])
            print(f"encore: {payload['message']}", file=sys.stderr, flush=True)
        elif name == "state" and payload["state"] in ("ended", "stopped"):
            done.set()

    player = Player(
        output=output,
        record=ctx.recorder,  # the durable outbox, as the desktop records
        device_id=ctx.config.device_id,
        gain_for=gain_for,
        equaliser=_equaliser(args.eq, ctx.config.equaliser),
    )
    try:
        player.add_listener(on_event)
        player.queue.shuffle = args.shuffle
        player.queue.repeat = args.repeat
        # Shuffle starts anywhere; in order starts at the first track.
        player.play(tracks, random.randrange(len(tracks)) if args.shuffle else 0)
        if player.state in ("stopped", "ended"):
            done.set()  # the output could not start; the error was printed
        _wait(player, done, quiet=args.quiet)
    finally:
        player.close()
    failed = len(errors)
    if failed and failed >= len(tracks):
        print(f"encore: none of the {len(tracks)} track(s) could be played", file=sys.stderr)
        return 1
    return 0
