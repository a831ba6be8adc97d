"""Printing what commands report about files, safely and the same way in every command."""

from __future__ import annotations

import json
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


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``1 song``, ``2 songs``: every command's counts (the desktop has its own, translated)."""
    return f"{n} {noun if n == 1 else (plural or noun + 's')}"


def list_failures(lines: Sequence[str], prefix: str) -> None:
    """The first ``MAX_LISTED`` failures on stderr, then how many more ``encore status`` has."""
    for line in lines[:MAX_LISTED]:
        print(printable(f"{prefix}: {line}"), file=sys.stderr)
    if len(lines) > MAX_LISTED:
        print(f"... and {len(lines) - MAX_LISTED} more (see `encore status`)", file=sys.stderr)


def json_text(value: object, *, indent: int | None = None) -> str:
    """``value`` as JSON that is always valid UTF-8 (see :mod:`engine.library.paths` for how
    file names are written): a stray surrogate escape becomes ``\\udcNN``, never a raw byte."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def print_json(value: object, *, indent: int | None = None) -> None:
    """Print ``value`` as JSON in UTF-8 whatever the terminal's encoding."""
    write_utf8(json_text(value, indent=indent) + "\n")


def write_utf8(text: str) -> None:
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (a test's capture): it takes str
        sys.stdout.write(text)
    else:
        buffer.write(text.encode("utf-8"))
        buffer.flush()
