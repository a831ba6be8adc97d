"""Where a track's cover art is: the picture embedded in the file, else an image beside it.

The one cover rule: the now-playing bar, the album grid's thumbnails and MPRIS all ask here.
File I/O only (no decoding, no Qt): callers run it off the GUI thread.
"""

from __future__ import annotations

import base64
from pathlib import Path

FOLDER_IMAGES = ("cover", "folder", "front", "album", "albumart")
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")


def read_cover_bytes(path: str) -> bytes | None:
    """Image bytes for the track at ``path``, or None; never raises on a bad file."""
    try:
        embedded = _embedded(path)
    except Exception:  # a broken tag must not hide the folder image
        embedded = None
    return embedded or folder_image_bytes(Path(path).parent)


def folder_image(folder: Path) -> Path | None:
    """The first ``cover.jpg``/``folder.png``/``front.jpg``… in ``folder`` (sorted), or None."""
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return None
    for entry in entries:
        if entry.stem.lower() in FOLDER_IMAGES and entry.suffix.lower() in IMAGE_SUFFIXES:
            return entry
    return None


def folder_image_bytes(folder: Path) -> bytes | None:
    image = folder_image(folder)
    if image is None:
        return None
    try:
        return image.read_bytes()
    except OSError:
        return None


def _embedded(path: str) -> bytes | None:
    import mutagen
    from mutagen.flac import Picture

    audio = mutagen.File(path)
    if audio is None:
        return None
    pictures = getattr(audio, "pictures", None)  # FLAC
    if pictures:
        return pictures[0].data
    tags = audio.tags
    if tags is None:
        return None
    if hasattr(tags, "getall"):  # ID3
        frames = tags.getall("APIC")
        if frames:
            return frames[0].data
    covr = tags.get("covr") if hasattr(tags, "get") else None  # MP4
    if covr:
        return bytes(covr[0])
    blocks = tags.get("metadata_block_picture") if hasattr(tags, "get") else None  # Ogg
    if blocks:
        return Picture(base64.b64decode(blocks[0])).data
    return None
