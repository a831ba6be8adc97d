"""``encore tracks`` and ``encore status``: read-only views of the library."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict

from engine.commands.output import json_text, print_json, printable, write_utf8
from engine.context import Context
from engine.library.paths import path_fields, path_text
from engine.models import Track

EMPTY_LIBRARY = "the library is empty: import a music folder with `encore import FOLDER`"


def register(sub: argparse._SubParsersAction) -> None:
    tracks = sub.add_parser(
        "tracks",
        help="list the library's tracks",
        description="List the library's tracks. In --json output a file name that is not "
        "UTF-8 is written with \\xNN for each such byte (plus path_bytes_b64, the exact "
        "name); every command taking a PATH accepts that text back.",
    )
    tracks.add_argument("--json", action="store_true", help="print a JSON list")
    tracks.add_argument("--missing", action="store_true", help="include vanished files")
    tracks.set_defaults(handler=_tracks)

    status = sub.add_parser("status", help="counts and failures")
    status.add_argument("--json", action="store_true", help="print a JSON object")
    status.set_defaults(handler=_status)


def track_json(track: Track) -> dict:
    data = asdict(track)
    del data["path"]
    data.update(path_fields(track.path))  # valid UTF-8 whatever the name (engine.library.paths)
    # The CLI contract names the analysis state "status" alongside the file's presence.
    data["present"] = data.pop("status") == "ok"
    data["status"] = "missing" if not data["present"] else data["analysis"]
    return data


def _tracks(args: argparse.Namespace, ctx: Context) -> int:
    tracks = ctx.store.iter_tracks(include_missing=args.missing)
    if args.json:
        parts = ["["]
        for i, track in enumerate(tracks):
            parts.append(("," if i else "") + "\n" + json_text(track_json(track)))
            if len(parts) >= 2000:  # streamed in slices: 100k tracks are never one string
                write_utf8("".join(parts))
                parts = []
        write_utf8("".join(parts) + "\n]\n")
        return 0
    listed = 0
    for track in tracks:
        state = "missing" if track.status != "ok" else track.analysis
        print(printable(f"{track.track_id[:12]}  {track.artist} — {track.title}  [{state}]"))
        listed += 1
    if not listed:
        # On stderr: `encore tracks | wc -l` still counts songs, a person still reads why.
        print(EMPTY_LIBRARY, file=sys.stderr)
    return 0


def _status(args: argparse.Namespace, ctx: Context) -> int:
    counts = ctx.store.counts()
    import_failures = ctx.store.import_failures()
    analysis_failures = ctx.store.analysis_failures()
    if args.json:
        failed = {path_text(p): r for p, (_, r) in import_failures.items()}
        report = {"counts": counts, "import_failures": failed}
        print_json({**report, "analysis_failures": analysis_failures}, indent=2)
        return 0
    print(
        f"{counts['tracks']} tracks ({counts['missing']} missing), "
        f"{counts['analysed']} analysed, {counts['analysis_pending']} pending, "
        f"{counts['analysis_failed']} analysis failures, {counts['import_failed']} import failures"
    )
    for path, (_, reason) in sorted(import_failures.items()):
        print(f"import failed: {path}: {reason}")
    if analysis_failures:
        tracks = ctx.store.get_tracks(list(analysis_failures))
        for tid, reason in sorted(analysis_failures.items()):
            where = tracks[tid].path if tid in tracks else tid
            print(f"analysis failed: {where}: {reason}")
    return 0
