"""The ``encore`` console script: no command opens the window, anything else is the engine's CLI.

The entry lives on the desktop side so that the engine never imports ``desktop`` or Qt: the
engine's CLI (``python -m engine.cli``) knows nothing of the window.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        from desktop.app import main as desktop_main

        return int(desktop_main() or 0)
    from engine.cli import main as cli_main

    return cli_main(args, log_file=True)


if __name__ == "__main__":
    sys.exit(main())
