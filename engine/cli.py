"""The ``encore`` command line.

Each sub-command lives in ``engine/commands/<name>.py`` with a ``register(subparsers)`` function
that adds its parser and sets ``handler(args, ctx) -> int``. Exit codes: 0 success, 1 failure
(with a one-line message), 2 bad usage (argparse's own convention).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from importlib import metadata

from engine.commands.output import printable
from engine.errors import EncoreError
from engine.logs import file_only, start_log_file

# Order is the order shown in --help.
COMMAND_MODULES: tuple[str, ...] = (
    "engine.commands.import_cmd",
    "engine.commands.analyze",
    "engine.commands.library",
    "engine.commands.albums",
    "engine.commands.train",
    "engine.commands.recommend",
    "engine.commands.foryou",
    "engine.commands.playlist",
    "engine.commands.like",
    "engine.commands.play",
    "engine.commands.backend",
    "engine.commands.history",
)
# Commands that live outside the engine (the backend's ``encore worker``) register themselves
# under this entry-point group, so the engine never imports the layers built on it.
PLUGIN_GROUP = "encore.commands"


def version_text() -> str:
    # pyproject.toml holds the one version; pip records it in the installed metadata.
    try:
        return metadata.version("encore")
    except metadata.PackageNotFoundError:
        return "(not installed: run scripts/install.sh)"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="encore",
        description="Encore music player (`encore` with no command opens the desktop app).",
    )
    parser.add_argument("--version", action="version", version=f"encore {version_text()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    for entry in sorted(metadata.entry_points(group=PLUGIN_GROUP), key=lambda e: e.name):
        entry.load().register(sub)
    return parser


def command_names() -> set[str]:
    """The sub-commands' names (``import``, ``playlist``…), as the parser knows them."""
    # argparse offers no public way to list them; its sub-parsers action holds the choices.
    return {
        name
        for action in build_parser()._actions
        if isinstance(action, argparse._SubParsersAction)
        for name in action.choices
    }


def main(argv: Sequence[str] | None = None, *, log_file: bool = False) -> int:
    """Run one command. ``log_file``: also append to the log file (the console script does;
    tests calling this in-process do not, so they never attach a handler to a test's home)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    from engine.context import build_context

    try:
        if getattr(args, "no_context", False):
            # Diagnostics (``backend status``) must answer even when a server is down.
            code = int(args.handler(args, None) or 0)
        else:
            with build_context() as ctx:
                if log_file:
                    start_log_file(ctx.config.log_file, f"encore {args.command} {version_text()}")
                code = int(args.handler(args, ctx) or 0)
        sys.stdout.flush()  # inside the try: a closed pipe fails here, not at exit
        return code
    except BrokenPipeError:
        return reader_went_away()
    except EncoreError as exc:
        print(printable(f"encore: {exc}"), file=sys.stderr)  # may name a non-UTF-8 file
        file_only.error("encore %s: %s", args.command, exc)
        return 1
    except KeyboardInterrupt:
        print("encore: interrupted", file=sys.stderr)
        return 130


def reader_went_away() -> int:
    """The reader of stdout closed it (``encore tracks | head``): stop quietly.

    Python flushes stdout again at exit and would print a second BrokenPipeError there, so
    stdout is pointed at the null device first. 141 is what a shell reports for SIGPIPE.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a real file (a test's capture)
        pass
    finally:
        os.close(devnull)
    return 141


if __name__ == "__main__":
    sys.exit(main(log_file=True))
