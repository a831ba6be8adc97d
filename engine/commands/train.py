"""``encore train``: cluster the analysed library and precompute every track's neighbours."""

from __future__ import annotations

import argparse
import json

from engine.context import Context


def register(sub: argparse._SubParsersAction) -> None:
    train = sub.add_parser(
        "train",
        help="build mixes (k-means) and recommendations (LSH neighbours) with Spark",
        description="Train on every analysed track. Spark master: ENCORE_SPARK (default "
        "local[*]). The previous results stay active until the new run is saved.",
    )
    train.add_argument(
        "-n", "--neighbours", type=int, default=20, help="neighbours kept per track (20)"
    )
    train.add_argument("-k", "--clusters", type=int, default=None, help="fixed number of mixes")
    train.add_argument(
        "--rank",
        choices=("distance", "jaccard"),
        default="distance",
        help="order of LSH candidates (distance: exact re-ranking, default)",
    )
    train.add_argument(
        "--weighting",
        choices=("groups", "none"),
        default="groups",
        help="feature weights: every feature group counts the same (groups, default) or "
        "every feature does (none)",
    )
    train.add_argument(
        "--metadata-weight",
        type=float,
        default=0.0,
        metavar="W",
        help="let genre, artist and album shape the mixes with weight W (0: audio only, default;"
        " 1: a different artist weighs as much as a random pair of songs)",
    )
    train.add_argument(
        "--no-border-probe",
        dest="border",
        action="store_false",
        help="keep neighbours inside each mix (skip the search across mix borders)",
    )
    train.add_argument("--json", action="store_true", help="print the summary as JSON")
    train.set_defaults(handler=_train)


def _train(args: argparse.Namespace, ctx: Context) -> int:
    from engine.library_ops import train

    summary = train(
        ctx,
        n_neighbours=args.neighbours,
        k=args.clusters,
        rank=args.rank,
        weighting=args.weighting,
        metadata_weight=args.metadata_weight,
        border=args.border,
    )
    if args.json:
        print(
            json.dumps(
                {
                    "run_id": summary.run_id,
                    "tracks": summary.n_tracks,
                    "k": summary.k,
                    "seconds": round(summary.seconds, 2),
                    "neighbours": summary.neighbours_written,
                    "params": summary.params,
                },
                indent=2,
            )
        )
    else:
        print(summary.line())
    return 0
