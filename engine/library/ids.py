"""Stable track ids: the same recording keeps its id across moves, renames and re-imports.

The choice, and why
-------------------
A track id is the SHA-1 (40 hex digits) of one of two keys:

* **Tag key** — when the file names both a title and an artist: the normalised (Unicode NFKC,
  case-folded, whitespace-collapsed) artist, album and title, the track number and the duration
  rounded to whole seconds. It survives moving, renaming, re-timestamping and copying the file
  to another disk, and it is cheap: the tags are read anyway.
* **Content key** — otherwise (a bare ``track01.wav`` says nothing reliable): the file size plus
  the first and last 64 KiB of the file, skipping an ID3v2 header at the start and an ID3v1
  trailer at the end, so the key is mostly audio bytes. It survives moves and renames too; only
  128 KiB are read per file.

Editing a file's tags in place does not change its id: a file whose signature changed at a path
the library already knows keeps that path's id (see :mod:`engine.library.importer`). Only a file
that is both moved and re-tagged between two imports gets a new id.

Identical copies (two files with the same key) must still be two tracks: a copy the library
already knows keeps its id; each new copy gets the plain id if no present file holds it, else
``sha1(id + "#n")`` for the smallest free ``n``. New files are handed ids in path order, so a
first import of the same folder always gives the same ids.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata

from engine.library.tags import TagInfo

SAMPLE_BYTES = 64 * 1024


def normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def tag_key(info: TagInfo) -> str | None:
    """The tag key, or ``None`` when the tags are too thin to identify the recording."""
    if not (info.title and info.artist) or info.duration <= 0:
        return None
    fields = (
        normalise(info.artist),
        normalise(info.album),
        normalise(info.title),
        str(info.track_no or ""),
        str(int(info.duration + 0.5)),
    )
    return "tags\x1f" + "\x1f".join(fields)


def content_key(path: str) -> str:
    """Size and a hash of the first and last 64 KiB of the audio payload (tags skipped)."""
    digest = hashlib.sha1()
    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        head = fh.read(10)
        start = 0
        if len(head) == 10 and head[:3] == b"ID3":
            # ID3v2 size is "syncsafe": 7 bits per byte; +10 header, +10 if a footer is flagged.
            body = (head[6] << 21) | (head[7] << 14) | (head[8] << 7) | head[9]
            start = min(size, 10 + body + (10 if head[5] & 0x10 else 0))
        end = size
        if size - start >= 128:
            fh.seek(size - 128)
            if fh.read(3) == b"TAG":
                end = size - 128
        fh.seek(start)
        digest.update(fh.read(min(SAMPLE_BYTES, end - start)))
        tail_from = max(start + SAMPLE_BYTES, end - SAMPLE_BYTES)
        if tail_from < end:
            fh.seek(tail_from)
            digest.update(fh.read(end - tail_from))
    return f"content\x1f{end - start}\x1f{digest.hexdigest()}"


def id_from_key(key: str) -> str:
    return hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()


def duplicate_id(base_id: str, n: int) -> str:
    """The id of the ``n``-th (n >= 1) identical copy of a track whose id is ``base_id``."""
    return hashlib.sha1(f"{base_id}#{n}".encode("ascii")).hexdigest()
