"""Printing what commands report about files, safely and the same way in every command."""

from __future__ import annotations

import sys
from collections.abc import Sequence

MAX_LISTED = 20


def printable(text: str) -> str:
    """``text`` as the terminal can show it, never raising.

    Non-UTF-8 file names carry surrogate escapes (shown as U+FFFD), and the terminal's encoding
    may lack a character (shown as ``?``).
    """
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    encoding = sys.stdout.encoding or "utf-8"
    return text.encode(encoding, errors="replace").decode(encoding)


def list_failures(lines: Sequence[str], prefix: str) -> None:
    """The first ``MAX_LISTED`` failures on stderr, then how many more ``encore status`` has."""
    for line in lines[:MAX_LISTED]:
        print(printable(f"{prefix}: {line}"), file=sys.stderr)
    if len(lines) > MAX_LISTED:
        print(f"... and {len(lines) - MAX_LISTED} more (see `encore status`)", file=sys.stderr)
