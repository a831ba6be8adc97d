r"""The config file on disk: TOML read and written by libraries, any path stored exactly.

**Text that is not UTF-8.** Linux file names are bytes; Python holds the bytes that are not
UTF-8 as lone surrogates (``os.fsdecode``'s ``surrogateescape``), which no UTF-8 file can hold.
Such a value is written as an inline table with one key, ``bytes``, whose string is the name's
bytes with every byte that is not part of valid UTF-8 written as the four characters ``\xHH``
and every backslash doubled. The folder ``/music/café`` with ``é`` in Latin-1 (byte ``e9``) is
stored as::

    library_folders = [{ bytes = "/music/caf\\xe9" }]

(TOML's own escaping doubles the backslash once more on disk.) Reading turns the table back
into the same surrogate-escaped ``str``, so ``os.fsencode`` gives the original bytes. Every
other string (newlines, quotes, control characters included) is a plain TOML string, escaped
by ``tomli_w``; a list may mix both forms.

**Writes are atomic.** The new file is written to a temporary file in the same directory,
flushed to disk and renamed over the old one, so a crash leaves the old file or the new one,
never half of either.
"""

from __future__ import annotations

import os
import re
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import tomli_w

BYTES_KEY = "bytes"
_ESCAPE = re.compile(r"\\(\\|x[0-9a-fA-F]{2})")


class TextFormatError(ValueError):
    """A ``{ bytes = "..." }`` table that is not in the form above."""


def to_toml(value: Any) -> Any:
    """``value`` as what ``tomli_w`` writes: paths and tuples as strings and lists, text that
    is not UTF-8 as a ``bytes`` table."""
    if isinstance(value, Path):
        value = str(value)
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return {BYTES_KEY: _escape_bytes(os.fsencode(value))}
        return value
    if isinstance(value, tuple | list):
        return [to_toml(v) for v in value]
    return value


def from_toml(value: Any) -> Any:
    """Undo :func:`to_toml` for one value read from the file (lists element by element)."""
    if isinstance(value, dict):
        if set(value) != {BYTES_KEY} or not isinstance(value[BYTES_KEY], str):
            raise TextFormatError(f'a table here must be {{ {BYTES_KEY} = "..." }}')
        return os.fsdecode(_unescape_bytes(value[BYTES_KEY]))
    if isinstance(value, list):
        return [from_toml(v) for v in value]
    return value


def _escape_bytes(raw: bytes) -> str:
    text = raw.decode("utf-8", "surrogateescape")
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif "\udc80" <= ch <= "\udcff":
            out.append(f"\\x{ord(ch) - 0xDC00:02x}")
        else:
            out.append(ch)
    return "".join(out)


def _unescape_bytes(text: str) -> bytes:
    parts: list[bytes] = []
    pos = 0
    for match in _ESCAPE.finditer(text):
        parts.append(_plain(text[pos : match.start()]))
        code = match.group(1)
        parts.append(b"\\" if code == "\\" else bytes([int(code[1:], 16)]))
        pos = match.end()
    parts.append(_plain(text[pos:]))
    return b"".join(parts)


def _plain(text: str) -> bytes:
    if "\\" in text:
        raise TextFormatError("a backslash must start \\\\ or \\xHH")
    return text.encode("utf-8")


class NotTextError(ValueError):
    """The file is not UTF-8 text (TOML must be); the message names the line."""


def read_toml(path: Path) -> tuple[dict[str, Any], str]:
    """The parsed table and the file's text. ``OSError`` and ``tomllib.TOMLDecodeError``
    (whose message names the line) pass through; bytes that are not UTF-8 raise
    :class:`NotTextError` naming their line."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise NotTextError(f"line {line}: not UTF-8 text (byte 0x{raw[exc.start]:02x})") from None
    return tomllib.loads(text), text


def line_of(text: str, key: str) -> int | None:
    """The 1-based line where top-level ``key`` is assigned, for error messages."""
    pattern = re.compile(rf"^\s*(?:{re.escape(key)}|\"{re.escape(key)}\")\s*=")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return None


def write_toml_atomic(path: Path, data: dict[str, Any]) -> None:
    """Write ``data`` (already in :func:`to_toml` form) to ``path`` atomically."""
    payload = tomli_w.dumps(data).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _sync_dir(path.parent)


def _sync_dir(directory: Path) -> None:
    # The rename itself is durable only once the directory entry is on disk.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on a directory; the rename still happened
    finally:
        os.close(fd)
