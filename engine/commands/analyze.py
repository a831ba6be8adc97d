"""``encore analyze [--workers N]``: compute the feature vector of every track that needs one.

Exit code 0 when nothing failed, 1 when some tracks could not be analysed (each is listed with
its one-line reason, and ``encore status`` keeps listing them), 130 when interrupted (what was
finished is kept; running the command again resumes).
"""

from __future__ import annotations

import argparse
import sys

from engine.commands.arguments import positive_int
from engine.commands.output import list_failures
from engine.context import Context


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "analyze",
        help="analyse the audio of imported tracks (resumable; only what changed)",
        description="Extract the audio feature vector of every track not yet analysed at the "
        "current feature version. Exit 1 if any track failed.",
    )
    parser.add_argument(
        "--workers",
        type=positive_int,
        default=None,
        help="analysis processes (default: ENCORE_WORKERS or all cores)",
    )
    parser.set_defaults(handler=_analyze)


def _say_preparing() -> None:
    print(
        "encore: preparing the audio analyser (first run after installing only; about a minute)",
        file=sys.stderr,
        flush=True,
    )


def _analyze(args: argparse.Namespace, ctx: Context) -> int:
    from engine.library_ops import analyse

    # Server mode: the new vectors also go to encore.track-features (see library_ops.analyse).
    summary = analyse(ctx, workers=args.workers, on_prepare=_say_preparing)
    list_failures([f"{path}: {reason}" for path, reason in summary.failures], "analysis failed")
    print(summary.line())
    if summary.cancelled:
        return 130  # the shell's convention for "stopped by Ctrl-C"
    if summary.failed:
        print(
            f"encore: {summary.failed} track(s) could not be analysed (see `encore status`)",
            file=sys.stderr,
        )
        return 1
    return 0
