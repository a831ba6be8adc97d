"""``encore albums``: the library by album, grouped by the same rule as the desktop's grid
(:mod:`engine.library.albums`)."""

from __future__ import annotations

import argparse
import sys

from engine.commands.output import counted, print_json, printable
from engine.context import Context
from engine.library.albums import ARTIST, ID, PATH, TITLE, TRACK_NO, albums, artist_key


def register(sub: argparse._SubParsersAction) -> None:
    cmd = sub.add_parser("albums", help="list albums (album artist, title, year, songs)")
    cmd.add_argument("--artist", metavar="NAME", help="only this album artist's albums")
    cmd.add_argument("--json", action="store_true", help="print a JSON list with the songs")
    cmd.set_defaults(handler=_albums)


def _albums(args: argparse.Namespace, ctx: Context) -> int:
    found = albums(ctx.store.track_rows())
    if args.artist is not None:
        wanted = artist_key(args.artist)
        found = [a for a in found if a.artist_key == wanted]
    if args.json:
        print_json(
            [
                {
                    "artist": a.artist,
                    "title": a.title,
                    "year": a.year,
                    "tracks": [
                        {
                            "track_id": r[ID],
                            "path": r[PATH],
                            "title": r[TITLE],
                            "artist": r[ARTIST],
                            "track_no": r[TRACK_NO],
                        }
                        for r in a.rows
                    ],
                }
                for a in found
            ],
            indent=2,
        )
        return 0
    for a in found:
        year = f" ({a.year})" if a.year else ""
        print(printable(f"{a.artist} — {a.title}{year} · {counted(len(a.rows), 'song')}"))
    if not found:
        print("no albums: import music with `encore import FOLDER`", file=sys.stderr)
    return 0
