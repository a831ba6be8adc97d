"""M3U / M3U8 playlist files: read into entries (with the lines that cannot be used, each
reported as ``FILE:LINE: reason``), and written back.

Read: ``#EXTM3U`` marks the extended form; ``#EXTINF:<seconds>[ attributes],<title>`` describes
the next location; other ``#`` lines are comments. A location is a path (absolute, or relative
to the playlist's folder) or a ``file://`` URL; stream URLs are reported and skipped. The text
is UTF-8 (a byte-order mark is dropped); bytes that are not UTF-8 are kept as the file
system's bytes (surrogate escapes), so a Latin-1 file name in a ``.m3u`` still finds its file.

A playlist file is outside data: :func:`parse_m3u` returns a value for any input, or raises
:class:`M3UError` (and nothing else) for a file that is no playlist at all.
"""

from __future__ import annotations

import math
import os
import re
import stat
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote_to_bytes, urlsplit

from engine.errors import PlaylistError

MAX_BYTES = 16 * 1024 * 1024  # far above any real playlist (100k entries ≈ 10 MB)
MAX_LOCATION = 4096  # PATH_MAX on Linux
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


class M3UError(PlaylistError):
    """The file cannot be read as a playlist at all (unreadable, binary, far too large)."""


@dataclass(frozen=True, slots=True)
class M3UEntry:
    """One usable location: ``path`` is absolute and normalised."""

    line: int  # 1-based, the location's line
    path: str
    title: str | None = None  # from #EXTINF, as written
    duration: float | None = None  # seconds, from #EXTINF (None: unknown)


@dataclass(frozen=True, slots=True)
class M3UProblem:
    line: int
    reason: str

    def text(self, source: str | os.PathLike[str]) -> str:
        """``FILE:LINE: reason``, the form compilers use, so editors can jump there."""
        return f"{os.fspath(source)}:{self.line}: {self.reason}"


@dataclass(slots=True)
class M3UPlaylist:
    entries: list[M3UEntry] = field(default_factory=list)
    problems: list[M3UProblem] = field(default_factory=list)
    extended: bool = False  # the file starts with #EXTM3U


def read_m3u(path: str | os.PathLike[str]) -> M3UPlaylist:
    """Parse the playlist file at ``path``; relative locations are taken from its folder.

    Raises
    ------
    M3UError
        The file cannot be read, or is no playlist (see :func:`parse_m3u`).
    """
    name = os.fspath(path)
    try:
        with open(name, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise M3UError(f"{name}: cannot read ({exc.strerror or exc})") from None
    base = os.path.dirname(os.path.abspath(name))
    return parse_m3u(data, base_dir=base, source=name)


def parse_m3u(data: bytes, *, base_dir: str, source: str = "playlist") -> M3UPlaylist:
    """Entries and problems of M3U/M3U8 text.

    Parameters
    ----------
    data : bytes
        The file's contents.
    base_dir : str
        Absolute folder that relative locations start from (the playlist's own).
    source : str
        The file's name, for the error message.

    Raises
    ------
    M3UError
        More than :data:`MAX_BYTES`, or NUL bytes (a binary file, not a playlist).
    """
    if len(data) > MAX_BYTES:
        raise M3UError(f"{source}: not a playlist (larger than {MAX_BYTES // 2**20} MB)")
    if b"\x00" in data:
        raise M3UError(f"{source}: not a playlist (binary data)")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    text = data.decode("utf-8", "surrogateescape")
    out = M3UPlaylist()
    info: tuple[float | None, str | None] | None = None
    for number, raw in enumerate(_LINE_BREAK.split(text), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            if number == 1 and line.upper().startswith("#EXTM3U"):
                out.extended = True
            elif line.upper().startswith("#EXTINF:"):
                info = _extinf(line[len("#EXTINF:") :])
            continue
        path, reason = _location(line, base_dir)
        if path is None:
            out.problems.append(M3UProblem(number, f"{_shown(line)}: {reason}"))
        else:
            duration, title = info if info is not None else (None, None)
            out.entries.append(M3UEntry(number, path, title, duration))
        info = None
    return out


def _extinf(rest: str) -> tuple[float | None, str | None]:
    """``(duration, title)`` of an ``#EXTINF`` line; whatever is unusable becomes ``None``."""
    head, comma, title = rest.partition(",")
    token = head.split(maxsplit=1)[0] if head.split() else ""
    try:
        seconds: float | None = float(token)
    except ValueError:
        seconds = None
    if seconds is not None and not (math.isfinite(seconds) and seconds >= 0):
        seconds = None  # -1 means "unknown"; NaN and inf mean nothing
    shown = _shown(title.strip()) if comma else ""
    return seconds, shown or None


def _location(line: str, base_dir: str) -> tuple[str | None, str]:
    """``(absolute path, "")`` or ``(None, reason)``."""
    if len(line) > MAX_LOCATION:
        return None, f"location longer than {MAX_LOCATION} characters"
    if line.lower().startswith("file://"):
        parts = urlsplit(line)
        if parts.netloc not in ("", "localhost"):
            return None, f"a file on another computer ({_shown(parts.netloc)})"
        # A raw non-UTF-8 byte in the URL stays that byte (surrogate-escaped on reading).
        raw = unquote_to_bytes(parts.path.encode("utf-8", "surrogateescape"))
        if b"\x00" in raw or not raw.startswith(b"/"):
            return None, "not a usable file URL"
        return os.path.normpath(os.fsdecode(raw)), ""
    if _SCHEME.match(line):
        return None, "a stream URL, not a file"
    if _WINDOWS_DRIVE.match(line):
        return None, "a Windows path"
    return os.path.normpath(os.path.join(base_dir, line)), ""


def _shown(text: str) -> str:
    """Text for people: undecodable bytes shown as U+FFFD, never as surrogates."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


# --- writing -------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class M3UItem:
    """What an exported entry says: where the file is and what #EXTINF shows."""

    path: str
    artist: str = ""
    title: str = ""
    duration: float = 0.0


def format_m3u(
    items: Iterable[M3UItem], *, relative_to: str | None = None
) -> tuple[bytes, list[str]]:
    """Extended M3U (UTF-8) for ``items``, and the paths that cannot be written.

    Parameters
    ----------
    relative_to : str, optional
        Write locations relative to this folder (the playlist's own); default absolute.

    Returns
    -------
    data : bytes
    skipped : list of str
        One line per item left out (a file name with a line break cannot be an M3U line).
    """
    lines = ["#EXTM3U"]
    skipped: list[str] = []
    for item in items:
        if any(c in item.path for c in "\n\r\x00"):
            skipped.append(f"{_shown(item.path)!r}: M3U cannot hold a line break or NUL")
            continue
        location = item.path if relative_to is None else os.path.relpath(item.path, relative_to)
        if location.startswith("#"):
            location = os.path.join(".", location)  # not a comment line
        seconds = round(item.duration) if math.isfinite(item.duration) and item.duration > 0 else -1
        label = " - ".join(_one_line(t) for t in (item.artist, item.title) if t.strip())
        lines += [f"#EXTINF:{seconds},{label}", location]
    return ("\n".join(lines) + "\n").encode("utf-8", "surrogateescape"), skipped


def write_m3u(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (a reader never sees half a playlist).

    Raises
    ------
    M3UError
        The folder is not writable.
    """
    target = Path(path)
    try:
        # Not mkstemp: its file is 0600, so every export was unreadable to other accounts (a
        # media server, a shared folder). Created 0666 the umask applies, as for any new file;
        # a playlist written over keeps its own mode.
        tmp = str(target.parent / f".encore-{uuid.uuid4().hex}.m3u")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            if target.exists():
                os.chmod(tmp, stat.S_IMODE(target.stat().st_mode))
            os.replace(tmp, target)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError as exc:
        raise M3UError(f"{target}: cannot write ({exc.strerror or exc})") from None


def _one_line(text: str) -> str:
    """Tag text on one #EXTINF line: control characters (a NUL, a line break) become blanks."""
    return " ".join("".join(c if c.isprintable() else " " for c in _shown(text)).split())
