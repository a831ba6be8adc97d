"""File names as text for JSON and people, and back: the one rule for names that are not UTF-8.

Linux file names are bytes. Python holds a name that is not UTF-8 with surrogate escapes, which
no UTF-8 output can carry. Wherever Encore writes a path as text (every ``--json`` output):

* ``path`` is the name with each byte that is not UTF-8 written as ``\\xNN`` (two hex digits)
  and, in such a name only, each backslash doubled: ``caf\\xe9.ogg`` is the Latin-1 file name
  ``café.ogg``. Valid UTF-8 names are written unchanged;
* ``path_bytes_b64`` (only for such names) is the exact name, base64-encoded.

The commands that take a file name (``encore recommend``, ``encore play``) accept the raw name
(the shell passes bytes) or the ``path`` text as printed: when nothing has the literal name, its
escapes are undone (:func:`path_candidates`).
"""

from __future__ import annotations

import base64
import os
import re

_ESCAPE = re.compile(rb"\\(\\|x[0-9a-fA-F]{2})")


def path_text(path: str) -> str:
    """``path`` as valid UTF-8 text (see the module docstring)."""
    raw = os.fsencode(path)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.replace(b"\\", b"\\\\").decode("utf-8", "backslashreplace")


def path_fields(path: str) -> dict[str, str]:
    """The JSON fields of a file name: ``path``, plus ``path_bytes_b64`` if not UTF-8."""
    text = path_text(path)
    raw = os.fsencode(path)
    if text.encode("utf-8") == raw:
        return {"path": text}
    return {"path": text, "path_bytes_b64": base64.b64encode(raw).decode("ascii")}


def path_candidates(typed: str) -> list[str]:
    """What a typed name may mean: itself, then (if it holds ``\\xNN``) the name it escapes."""
    candidates = [typed]
    raw = os.fsencode(typed)
    if _ESCAPE.search(raw):
        unescaped = os.fsdecode(_ESCAPE.sub(_unescape, raw))
        if unescaped != typed:
            candidates.append(unescaped)
    return candidates


def _unescape(match: re.Match[bytes]) -> bytes:
    code = match[1]
    return b"\\" if code == b"\\" else bytes([int(code[1:], 16)])
