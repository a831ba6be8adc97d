"""``encore foryou``: songs picked for this listener from their likes, plays and skips."""

from __future__ import annotations

import argparse

from engine.commands.output import print_json
from engine.commands.recommend import recommendation_json
from engine.context import Context
from engine.errors import EncoreError
from engine.library_ops.personal import personal
from engine.phrase_english import english

NO_TASTE = "no listening history yet: play, finish or like some songs and For you appears here"


def register(sub: argparse._SubParsersAction) -> None:
    cmd = sub.add_parser(
        "foryou",
        help="songs for you, from what you play, finish, like and skip",
        description="Songs close to the groups of songs you love that you have not played in "
        "the last few days, a few per artist and album. Nothing is suggested before there is "
        "any listening history.",
    )
    cmd.add_argument("-k", type=int, default=20, help="how many (default 20)")
    cmd.add_argument("--json", action="store_true", help="print a JSON list")
    cmd.set_defaults(handler=_foryou)


def _foryou(args: argparse.Namespace, ctx: Context) -> int:
    if args.k < 1:
        raise EncoreError(f"-k must be at least 1, not {args.k}")
    with personal(ctx) as listener:
        found = listener.for_you(args.k)
    if args.json:
        print_json([recommendation_json(r) for r in found], indent=2)
        return 0
    if not found:
        print(NO_TASTE)
        return 0
    for i, rec in enumerate(found, 1):
        t = rec.track
        why = english(rec.reason)
        print(f"{i:3d}. {t.artist} — {t.title}  [{t.album}]  score {rec.score:.2f}  ({why})")
    return 0
