"""Where a track's cover art is: the picture embedded in the file, else an image beside it.

The one cover rule: the now-playing bar, the album grid's thumbnails and MPRIS all ask here.
File I/O only (no decoding, no Qt): callers run it off the GUI thread.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

FOLDER_IMAGES = ("cover", "folder", "front", "album", "albumart")
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
# Every name a folder image may have, in lower case: the scan asks this for each file it lists.
FOLDER_IMAGE_NAMES: frozenset[str] = frozenset(
    stem + suffix for stem in FOLDER_IMAGES for suffix in IMAGE_SUFFIXES
)


def is_folder_image(name: str) -> bool:
    """Whether a file called ``name`` (case ignored) is an album's cover image."""
    return name.lower() in FOLDER_IMAGE_NAMES


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
        if is_folder_image(entry.name):
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


def cover_file(path: str, cache_dir: Path) -> Path | None:
    """A file holding the track's cover, for clients that take a path or URL (MPRIS ``artUrl``).

    A folder image is used where it lies; an embedded picture is written once into
    ``cache_dir/covers`` under the hash of its bytes, so songs of one album share one file.
    Returns None when there is no cover or it cannot be written.
    """
    try:
        embedded = _embedded(path)
    except Exception:  # a broken tag must not hide the folder image
        embedded = None
    suffix = _image_suffix(embedded) if embedded else None
    if embedded is None or suffix is None:
        return folder_image(Path(path).parent)
    target = cache_dir / "covers" / f"{hashlib.sha1(embedded).hexdigest()}{suffix}"
    if target.is_file():
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".part")
        partial.write_bytes(embedded)
        partial.replace(target)  # a reader never sees half a picture
    except OSError:
        return folder_image(Path(path).parent)
    return target


def _image_suffix(data: bytes) -> str | None:
    # Clients pick a decoder by content or suffix; only formats they all read are named.
    if data.startswith(b"\xff\xd8"):
        return ".jpg"
    if data.startswith(b"\x89PNG"):
        return ".png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ".webp"
    return None
