"""Read a file's tags with mutagen into one flat, format-independent record.

Tag text is untrusted: values are reduced to one line of plain text (control characters dropped,
whitespace collapsed) and never interpreted as markup anywhere downstream.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

import mutagen
from mutagen.aiff import AIFF
from mutagen.flac import FLAC
from mutagen.id3 import ID3
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4
from mutagen.oggopus import OggOpus
from mutagen.oggvorbis import OggVorbis
from mutagen.wave import WAVE

from engine.errors import EncoreError
from engine.models import UNKNOWN_ALBUM, UNKNOWN_ARTIST


class TagReadError(EncoreError):
    """The file is not audio Encore can read; the message is a one-line reason."""


@dataclass(slots=True)
class TagInfo:
    """Tags as found in the file: ``None``/empty where the file says nothing."""

    title: str = ""
    artist: str = ""
    album: str = ""
    album_artist: str = ""
    genre: str = ""
    track_no: int | None = None
    disc_no: int | None = None
    year: int | None = None
    duration: float = 0.0
    embedded_cover: bool = False
    kind: str = ""  # mutagen's class name, e.g. "MP3", "OggOpus": what the file really is


# Extension -> the mutagen class to try first (saves mutagen.File probing every format).
_BY_EXTENSION: dict[str, type[mutagen.FileType]] = {
    ".mp3": MP3,
    ".flac": FLAC,
    ".ogg": OggVorbis,
    ".oga": OggVorbis,
    ".opus": OggOpus,
    ".m4a": MP4,
    ".mp4": MP4,
    ".wav": WAVE,
    ".aif": AIFF,
    ".aiff": AIFF,
}

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_SURROGATE = re.compile(r"[\ud800-\udfff]")  # a broken UTF-16 tag: no database can hold it
_SPACES = re.compile(r"\s+")
# "03 - ", "03. ", "03_", "03 – " before a title: a track number, not the title.
_LEADING_NUMBER = re.compile(r"^\s*(\d{1,3})(?!\d)(?:[\s_]*[-._)\u2013\u2014]+[\s_]*|[\s_]+)(?=\S)")
# "Track 03 - Name": the number, then a punctuation separator, then the title.
_TRACK_PREFIX = re.compile(
    r"^\s*(?:audio\s*)?track[\s_]*(\d{1,3})(?!\d)[\s_]*[-.)\u2013\u2014]+[\s_]*(?=\S)",
    re.IGNORECASE,
)
# What a CD ripper names a track it knows nothing of ("track1", "Track01", "AudioTrack 05"),
# maybe with a word after it ("track3_enhanced"): "Track 1", "Track 3 enhanced".
_BARE_TRACK = re.compile(r"^\s*(?:audio\s*)?track[\s_-]*(\d{1,3})(?!\d)(.*)$", re.IGNORECASE)
# The rule before "track1" became "Track 1" (for re-reading titles it gave: the importer).
_OLD_LEADING_NUMBER = re.compile(r"^\s*(\d{1,3})(?!\d)(?:\s*[-._)]\s*|\s+)(?=\S)")


def clean_text(value: object) -> str:
    """One line of plain text: controls become spaces, runs of whitespace collapse."""
    text = _SURROGATE.sub("\ufffd", str(value))
    text = _CONTROL.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def _join(values: object) -> str:
    if values is None:
        return ""
    if isinstance(values, str | bytes):
        values = [values]
    try:
        items = list(values)  # type: ignore[call-overload]
    except TypeError:
        items = [values]
    parts = []
    for item in items:
        if isinstance(item, bytes):
            item = item.decode("utf-8", "replace")
        text = clean_text(item)
        if text and text not in parts:
            parts.append(text)
    return "; ".join(parts)


def _number(value: object) -> int | None:
    """``"3/12"`` -> 3, ``(3, 12)`` -> 3, junk -> None."""
    if isinstance(value, list | tuple):
        value = value[0] if value else None
        if isinstance(value, tuple):  # MP4 trkn: [(3, 12)]
            value = value[0] if value else None
    if value is None:
        return None
    if isinstance(value, int):
        return value if 0 < value < 10000 else None
    match = re.match(r"\s*(\d+)", str(value))
    # More than 4 digits is out of range anyway; int() of thousands of digits would raise.
    if not match or len(match.group(1)) > 4:
        return None
    number = int(match.group(1))
    return number if 0 < number < 10000 else None


def _year(value: object) -> int | None:
    text = _join(value)
    match = re.search(r"(?<!\d)(\d{4})(?!\d)", text)
    if not match:
        return None
    year = int(match.group(1))
    return year if 1000 <= year <= 2999 else None


def _from_id3(tags: ID3, info: TagInfo) -> None:
    def text(frame_id: str) -> str:
        frame = tags.get(frame_id)
        return _join(frame.text) if frame is not None else ""

    info.title = text("TIT2")
    info.artist = text("TPE1")
    info.album = text("TALB")
    info.album_artist = text("TPE2")
    genre = tags.get("TCON")
    info.genre = _join(genre.genres) if genre is not None else ""
    info.track_no = _number(text("TRCK"))
    info.disc_no = _number(text("TPOS"))
    info.year = _year(text("TDRC") or text("TYER") or text("TDOR"))
    info.embedded_cover = bool(tags.getall("APIC"))


def _from_vorbis(tags: object, info: TagInfo) -> None:
    # One pass over the comment list: VCommentDict.get scans the whole list on every call.
    wanted = _VORBIS_KEYS
    found: dict[str, list[str]] = {}
    for key, value in tags:  # type: ignore[attr-defined]
        key = key.lower()
        if key in wanted:
            found.setdefault(key, []).append(value)

    def text(*keys: str) -> str:
        for key in keys:
            values = found.get(key)
            if values:
                return _join(values)
        return ""

    info.title = text("title")
    info.artist = text("artist")
    info.album = text("album")
    info.album_artist = text("albumartist", "album artist", "album_artist")
    info.genre = text("genre")
    info.track_no = _number(text("tracknumber", "track"))
    info.disc_no = _number(text("discnumber", "disc"))
    info.year = _year(text("date", "year", "originaldate"))
    info.embedded_cover = bool(text("metadata_block_picture", "coverart"))


_VORBIS_KEYS = frozenset(
    {
        "title",
        "artist",
        "album",
        "albumartist",
        "album artist",
        "album_artist",
        "genre",
        "tracknumber",
        "track",
        "discnumber",
        "disc",
        "date",
        "year",
        "originaldate",
        "metadata_block_picture",
        "coverart",
    }
)


def _from_mp4(tags: object, info: TagInfo) -> None:
    get = tags.get  # type: ignore[attr-defined]
    info.title = _join(get("\xa9nam"))
    info.artist = _join(get("\xa9ART"))
    info.album = _join(get("\xa9alb"))
    info.album_artist = _join(get("aART"))
    info.genre = _join(get("\xa9gen"))
    if not info.genre and get("gnre"):
        from mutagen.id3 import TCON

        info.genre = _join(TCON(text=[f"({get('gnre')[0] - 1})"]).genres)
    info.track_no = _number(get("trkn"))
    info.disc_no = _number(get("disk"))
    info.year = _year(get("\xa9day"))
    info.embedded_cover = bool(get("covr"))


def _open(path: str) -> mutagen.FileType:
    ext = os.path.splitext(path)[1].lower()
    cls = _BY_EXTENSION.get(ext)
    first_error: Exception | None = None
    if cls is not None:
        try:
            # (Restricting ID3 parsing with known_frames was measured slower, not faster.)
            return cls(path)
        except mutagen.MutagenError as exc:
            # Maybe mislabelled (an Opus stream in .ogg, FLAC named .mp3): let mutagen sniff.
            first_error = exc
    audio = None
    try:
        audio = mutagen.File(path)
    except mutagen.MutagenError as exc:
        first_error = first_error or exc
    if audio is None:
        detail = f" ({ext.lstrip('.')}: {_one_line(first_error)})" if first_error else ""
        raise TagReadError(f"not an audio file Encore can read{detail}")
    return audio


def read_tags(path: str) -> TagInfo:
    """Tags and duration of ``path``; raises :class:`TagReadError` with a one-line reason.

    ``OSError`` (permission denied, vanished) propagates for the caller to report.
    """
    if os.path.getsize(path) == 0:
        raise TagReadError("empty file (0 bytes)")
    audio = _open(path)
    info = TagInfo(kind=type(audio).__name__)
    length = getattr(audio.info, "length", 0.0) or 0.0
    info.duration = float(length)
    tags = audio.tags
    if isinstance(tags, ID3):
        _from_id3(tags, info)
    elif isinstance(audio, MP4):
        if tags is not None:
            _from_mp4(tags, info)
    elif tags is not None and hasattr(tags, "get"):
        _from_vorbis(tags, info)
    if isinstance(audio, FLAC) and audio.pictures:
        info.embedded_cover = True
    if not info.duration > 0:
        raise TagReadError(f"no audio in the file ({info.kind} stream of length 0)")
    return info


def _one_line(exc: BaseException | None) -> str:
    """The reason an exception gives, never empty: mutagen raises some without a message."""
    if exc is None:
        return ""
    text = clean_text(exc)
    if text:
        return text
    inner = exc.args[0] if exc.args else None
    if isinstance(exc, OSError) or isinstance(inner, OSError):
        return "the file ends inside its tags (truncated)"  # mutagen read past the end
    return f"damaged ({type(exc).__name__})"


def _stem(path: str) -> str:
    stem = os.path.splitext(os.path.basename(path))[0]
    # A name that is not UTF-8 keeps its other bytes as U+FFFD, as the folder names do.
    return stem.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _track_n(match: re.Match[str]) -> str:
    rest = clean_text(match.group(2).replace("_", " "))
    return f"Track {int(match.group(1))}" + (f" {rest}" if rest else "")


def title_from_filename(path: str) -> tuple[str, int | None]:
    """An untagged file's title and track-number hint, from its name: the one rule.

    ``"03 - Song name.mp3"`` -> ``("Song name", 3)`` (also ``03. ``, ``03_``, ``03 – ``,
    ``Track 03 - ``); a ripper's bare ``"track1.mp3"`` -> ``("Track 1", 1)``; underscores are
    spaces; a name that is only a number (``"1999.mp3"``) is that number as the title.
    """
    stem = _stem(path)
    number = None
    match = _LEADING_NUMBER.match(stem) or _TRACK_PREFIX.match(stem)
    if match:
        number = int(match.group(1))
        stem = stem[match.end() :]
    bare = _BARE_TRACK.match(stem)  # "track1", or "01 - track01"
    if bare:
        return _track_n(bare), number if number is not None else int(bare.group(1))
    title = clean_text(stem.replace("_", " ")) or clean_text(stem) or "Untitled"
    return title, number


def stale_filename_title(path: str) -> str:
    """The title the rule before :func:`title_from_filename` knew "track1" gave an untagged
    ``path`` when the rule now gives another; else "". The importer re-reads such a file's tags
    (its id and analysis stay) so a library imported then shows today's title."""
    stem = _stem(path)
    match = _OLD_LEADING_NUMBER.match(stem)
    if match:
        stem = stem[match.end() :]
    then = clean_text(stem.replace("_", " ")) or clean_text(stem) or "Untitled"
    return then if then != title_from_filename(path)[0] else ""


# Folders that hold a library rather than name an album or an artist.
_GENERIC_FOLDERS = frozenset(
    {"", "music", "my music", "musik", "musique", "música", "muziek", "audio", "songs", "mp3",
     "flac", "downloads", "media", "mnt", "home", "tmp", "users", "library", "various"}
)  # fmt: skip


def album_artist_from_folders(path: str, library: str | None = None) -> tuple[str, str]:
    """``(album, artist)`` read from ``…/Artist/Album/song.ext``; "" where a folder is missing
    or only says where music is kept ("Music", "Downloads").

    ``library`` is the folder being imported: it may be the album (an album folder dropped on
    its own) but never the artist, since it holds the albums (``clips/pingus/song.ogg``
    imported from ``clips`` is by an unknown artist, not by "clips").
    """

    def name(folder: str) -> str:
        text = os.path.basename(folder).encode("utf-8", "surrogateescape")
        text = clean_text(text.decode("utf-8", "replace").replace("_", " "))
        return "" if text.casefold() in _GENERIC_FOLDERS else text

    folder = os.path.dirname(os.path.abspath(path))
    album = name(folder)
    parent = os.path.dirname(folder)
    inside = library is None or parent.startswith(os.path.join(os.path.abspath(library), ""))
    artist = name(parent) if album and parent != folder and inside else ""
    return album, artist


def stale_folder_artist(path: str, library: str) -> str:
    """The artist the rule before :func:`album_artist_from_folders` took ``library`` into
    account gave an untagged ``path`` (the imported folder's name, or one above it) when the
    rule now gives another; else "". A library imported then still shows it until a rescan
    re-reads such files' tags (engine/library/importer.py)."""
    parent = os.path.dirname(os.path.dirname(os.path.abspath(path)))
    if parent.startswith(os.path.join(os.path.abspath(library), "")):
        return ""  # inside the imported folder: both rules agree (the quick case)
    _, then = album_artist_from_folders(path)
    return then if then != album_artist_from_folders(path, library)[1] else ""


def display_fields(info: TagInfo, path: str, library: str | None = None) -> dict[str, object]:
    """The fields of a :class:`~engine.models.Track`, with fallbacks for what tags lack.

    An untagged file's folder is its album, and the folder above it its artist (only when the
    album came from the folder too: a tagged album with no artist stays by an unknown artist;
    and only inside ``library``, the imported folder: see :func:`album_artist_from_folders`).
    """
    title, number_hint = title_from_filename(path)
    folder_album, folder_artist = (
        ("", "") if info.album else album_artist_from_folders(path, library)
    )
    artist = info.artist or info.album_artist or folder_artist
    return {
        "title": info.title or title,
        "artist": artist or UNKNOWN_ARTIST,
        "album": info.album or folder_album or UNKNOWN_ALBUM,
        "album_artist": info.album_artist,
        "genre": info.genre,
        "track_no": info.track_no if info.track_no is not None else number_hint,
        "disc_no": info.disc_no,
        "year": info.year,
        "duration": info.duration,
    }
