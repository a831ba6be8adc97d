"""Walk a folder (or take one file) and stat every audio file in it, nothing more.

A re-scan of an unchanged library must cost only ``scandir`` + ``stat`` per file, so this module
reads no file contents. Paths are ``str`` as the OS gives them: names that are not valid UTF-8
carry surrogate escapes (``os.fsdecode``), which ``open()`` turns back into the same bytes.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field

from engine.library.covers import is_folder_image

AUDIO_EXTENSIONS: frozenset[str] = frozenset(
    {".mp3", ".flac", ".ogg", ".oga", ".opus", ".m4a", ".mp4", ".aac", ".wav", ".aif", ".aiff"}
)


@dataclass(frozen=True, slots=True)
class ScannedFile:
    path: str
    size: int
    mtime_ns: int
    folder_cover: bool  # the file's folder holds a cover image (cover.jpg, folder.png, ...)


@dataclass(slots=True)
class ScanResult:
    files: list[ScannedFile] = field(default_factory=list)
    # Folders or files that could not be listed/statted: (path, one-line reason).
    errors: list[tuple[str, str]] = field(default_factory=list)


def is_audio_name(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in AUDIO_EXTENSIONS


def scan(root: str) -> ScanResult:
    """Every audio file under ``root`` (recursively), or ``root`` itself if it is a file.

    Hidden files and folders (leading dot) are skipped, as are files whose extension is not an
    audio one. Symbolic links are followed, but each real folder is entered once, so a link back
    to an ancestor cannot loop.
    """
    result = ScanResult()
    root = os.path.abspath(root)
    try:
        st = os.stat(root)
    except OSError as exc:
        result.errors.append((root, f"cannot read ({_reason(exc)})"))
        return result
    if stat.S_ISDIR(st.st_mode):
        result.files.extend(_walk(root, st, result.errors))
    elif stat.S_ISREG(st.st_mode) and is_audio_name(root):
        folder = os.path.dirname(root)
        result.files.append(ScannedFile(root, st.st_size, st.st_mtime_ns, _has_cover_image(folder)))
    return result


def _walk(
    root: str, root_stat: os.stat_result, errors: list[tuple[str, str]]
) -> Iterator[ScannedFile]:
    seen: set[tuple[int, int]] = {(root_stat.st_dev, root_stat.st_ino)}
    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError as exc:
            errors.append((folder, f"cannot list the folder ({_reason(exc)})"))
            continue
        audio: list[os.DirEntry[str]] = []
        has_cover = False
        subdirs: list[str] = []
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            lower = name.lower()
            if is_folder_image(lower):  # the cover rule's own names: what the window shows
                has_cover = True
                continue
            try:
                # is_dir/is_file follow links; DirEntry answers from d_type without a stat.
                if entry.is_dir():
                    est = entry.stat()
                    key = (est.st_dev, est.st_ino)
                    if key not in seen:
                        seen.add(key)
                        subdirs.append(entry.path)
                elif os.path.splitext(lower)[1] in AUDIO_EXTENSIONS:
                    if entry.is_file():
                        audio.append(entry)
                    elif entry.is_symlink():
                        # A link to a file on an unmounted disk, or a loop: worth telling.
                        errors.append((entry.path, _broken_link_reason(entry.path)))
            except OSError as exc:
                errors.append((entry.path, f"cannot stat ({_reason(exc)})"))
        for entry in audio:
            try:
                est = entry.stat()
            except OSError as exc:  # a dangling link or a file that vanished meanwhile
                errors.append((entry.path, f"cannot stat ({_reason(exc)})"))
                continue
            yield ScannedFile(entry.path, est.st_size, est.st_mtime_ns, has_cover)
        # Reverse so the walk visits sub-folders in name order (depth-first): stable output.
        pending.extend(sorted(subdirs, reverse=True))


def _has_cover_image(folder: str) -> bool:
    try:
        with os.scandir(folder) as it:
            return any(is_folder_image(e.name) for e in it)
    except OSError:
        return False


def _broken_link_reason(path: str) -> str:
    try:
        os.stat(path)
    except OSError as exc:
        return f"broken link: {_reason(exc)}"
    return "link to something that is not a file"


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__
