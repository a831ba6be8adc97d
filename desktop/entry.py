"""The ``encore`` console script: no command, or files and folders, open the window (as
``encore-desktop FILE...`` does); anything else is the engine's CLI.

The entry lives on the desktop side so that the engine never imports ``desktop`` or Qt: the
engine's CLI (``python -m engine.cli``) knows nothing of the window.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence


def opens_window(args: Sequence[str]) -> bool:
    """True for no arguments, or when the first is an existing file or folder that is not
    also a command's name (``encore song.mp3``; ``encore import`` stays the command)."""
    if not args:
        return True
    first = args[0]
    if first.startswith("-") or not os.path.exists(first):
        return False
    from engine.cli import command_names

    return first not in command_names()


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if opens_window(args):
        from desktop.app import main as desktop_main

        return int(desktop_main(["encore", *args]) or 0)
    from engine.cli import main as cli_main

    return cli_main(args, log_file=True)


if __name__ == "__main__":
    sys.exit(main())
