"""``encore like``, ``encore unlike`` and ``encore liked``.

A like is a play event (``like`` / ``unlike``) recorded through the event recorder, so it lands
in the durable outbox and, in server mode, reaches Kafka like every other play event.
"""

from __future__ import annotations

import argparse
import json
import sys

from engine.commands.output import printable
from engine.commands.playlist import playlist_track_json
from engine.context import Context
from engine.errors import EncoreError
from engine.library.liked import LIKE, UNLIKE
from engine.library.track_refs import resolve_track
from engine.library_ops.likes import liked_tracks, record_like


def register(sub: argparse._SubParsersAction) -> None:
    for kind, text in ((LIKE, "like songs (adds them to Liked songs)"), (UNLIKE, "unlike songs")):
        cmd = sub.add_parser(kind, help=text)
        cmd.add_argument("songs", nargs="+", metavar="PATH_OR_ID", help="a file path or track id")
        cmd.set_defaults(handler=_record, kind=kind)
    liked = sub.add_parser("liked", help="the Liked songs list, most recently liked first")
    liked.add_argument("--json", action="store_true", help="print a JSON list of tracks")
    liked.set_defaults(handler=_liked)


def _record(args: argparse.Namespace, ctx: Context) -> int:
    tracks = []
    for ref in args.songs:  # all found before anything is recorded
        track = resolve_track(ctx.store, ref)
        if track is None:
            raise EncoreError(f"{ref}: no such track or file in the library")
        tracks.append(track)
    for track in tracks:
        record_like(ctx, track, liked=args.kind == LIKE)
    verb = "liked" if args.kind == LIKE else "unliked"
    for track in tracks:
        print(printable(f"{verb}: {track.artist} — {track.title}"))
    return 0


def _liked(args: argparse.Namespace, ctx: Context) -> int:
    tracks = liked_tracks(ctx)
    if args.json:
        print(json.dumps([playlist_track_json(t) for t in tracks], ensure_ascii=True, indent=2))
        return 0
    for n, t in enumerate(tracks, start=1):
        print(printable(f"{n:4d}. {t.artist} — {t.title}"))
    if not tracks:
        print("no liked songs yet: `encore like PATH_OR_ID`", file=sys.stderr)
    return 0
