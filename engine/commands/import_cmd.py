"""``encore import PATH [--metadata CSV]``: bring the library in line with a folder.

Exit code 0 when every audio file under PATH is in the library; 1 when some could not be
imported (each is listed with its reason, and ``encore status`` keeps listing them until the
file is fixed or removed); 2 for bad usage (PATH does not exist, unreadable CSV arguments).
"""

from __future__ import annotations

import argparse
import os
import sys

from engine.commands.arguments import positive_int
from engine.commands.output import list_failures, printable
from engine.context import Context
from engine.library.importer import iter_failures
from engine.library.metadata_csv import load_metadata
from engine.library_ops import import_paths


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "import",
        help="scan a music folder (or one file) into the library",
        description="Scan PATH recursively: new files are added, changed ones re-read, "
        "vanished ones marked missing. Exit 1 if any file could not be imported.",
    )
    parser.add_argument("path", metavar="PATH", help="a music folder or a single audio file")
    parser.add_argument(
        "--metadata",
        metavar="CSV",
        help="fill empty tags from a CSV: FMA tracks.csv, or one header row with a 'path' column",
    )
    parser.add_argument(
        "--workers", type=positive_int, default=None, help="tag-reading processes (default: cores)"
    )
    parser.set_defaults(handler=_import)


def _validate(args: argparse.Namespace) -> str | None:
    """A usage error message, or None."""
    if not os.path.exists(args.path):
        return f"import: {args.path}: no such file or folder"
    if args.metadata is not None and not os.path.lexists(args.metadata):
        return f"import: --metadata {args.metadata}: no such file"
    return None


def _import(args: argparse.Namespace, ctx: Context) -> int:
    problem = _validate(args)
    if problem:
        print(f"encore: {problem}", file=sys.stderr)
        return 2
    root = os.path.abspath(args.path)
    metadata = None
    if args.metadata is not None:
        base = root if os.path.isdir(root) else os.path.dirname(root)
        # Raises MetadataError (one line naming file and line): the CLI prints it, exit 1.
        metadata = load_metadata(args.metadata, base)
    summary = import_paths(ctx, [root], metadata=metadata, workers=args.workers)
    list_failures(list(iter_failures(summary)), "import failed")
    print(printable(summary.line()))
    if summary.failed:
        print(
            f"encore: {summary.failed} file(s) could not be imported (see `encore status`)",
            file=sys.stderr,
        )
        return 1
    return 0
