"""Write small, real, tagged audio files in every format Encore imports.

Each (format, tone) is encoded once per test session into a template (soundfile for
wav/aiff/flac/ogg/opus/mp3, PyAV for m4a); a test file is a copy of the template with tags
written by mutagen, so making hundreds of files is cheap.
"""

from __future__ import annotations

import base64
import shutil
import tempfile
from pathlib import Path

import av
import numpy as np
import soundfile as sf
from mutagen.aiff import AIFF
from mutagen.flac import FLAC, Picture
from mutagen.id3 import APIC, ID3, TALB, TCON, TDRC, TIT2, TPE1, TPE2, TPOS, TRCK
from mutagen.mp4 import MP4, MP4Cover
from mutagen.oggopus import OggOpus
from mutagen.oggvorbis import OggVorbis
from mutagen.wave import WAVE

FORMATS = ("mp3", "flac", "ogg", "opus", "m4a", "wav", "aiff")

# The smallest valid PNG (1x1), as cover art.
PNG_1PX = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg=="
)

_SOUNDFILE = {
    "wav": ("WAV", "PCM_16"),
    "aiff": ("AIFF", "PCM_16"),
    "flac": ("FLAC", "PCM_16"),
    "ogg": ("OGG", "VORBIS"),
    "opus": ("OGG", "OPUS"),
    "mp3": ("MP3", "MPEG_LAYER_III"),
}

_templates: dict[tuple[str, float, float], Path] = {}
_template_dir = tempfile.TemporaryDirectory(prefix="encore-audio-templates-")


def _signal(rate: int, seconds: float, tone: float) -> np.ndarray:
    t = np.arange(int(rate * seconds)) / rate
    return (0.3 * np.sin(2 * np.pi * tone * t)).astype(np.float32)


def _encode_m4a(path: Path, samples: np.ndarray, rate: int) -> None:
    with av.open(str(path), "w", format="mp4") as container:
        stream = container.add_stream("aac", rate=rate)
        stream.layout = "mono"
        block = 1024
        for start in range(0, len(samples), block):
            chunk = samples[start : start + block].reshape(1, -1)
            frame = av.AudioFrame.from_ndarray(chunk, format="flt", layout="mono")
            frame.sample_rate = rate
            frame.pts = start
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)


def template(fmt: str, *, tone: float = 440.0, seconds: float = 0.5) -> Path:
    """An untagged file of ``fmt`` holding a sine of ``tone`` Hz (cached per session)."""
    key = (fmt, tone, seconds)
    if key not in _templates:
        rate = 48000 if fmt == "opus" else 22050
        samples = _signal(rate, seconds, tone)
        path = Path(_template_dir.name) / f"{fmt}-{tone:g}-{seconds:g}.{fmt}"
        if fmt == "m4a":
            _encode_m4a(path, samples, rate)
        else:
            container, subtype = _SOUNDFILE[fmt]
            sf.write(path, samples, rate, format=container, subtype=subtype)
        _templates[key] = path
    return _templates[key]


def make_audio_file(
    path: Path | str,
    fmt: str,
    *,
    title: str | None = None,
    artist: str | None = None,
    album: str | None = None,
    album_artist: str | None = None,
    genre: str | None = None,
    track_no: int | None = None,
    disc_no: int | None = None,
    year: int | None = None,
    cover: bool = False,
    tone: float = 440.0,
    seconds: float = 0.5,
) -> Path:
    """Copy the ``fmt`` template to ``path`` and write the given tags (None = tag absent).

    ``path`` may be ``bytes``-derived (``os.fsdecode``) for non-UTF-8 names.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template(fmt, tone=tone, seconds=seconds), target)
    tags = {
        "title": title,
        "artist": artist,
        "album": album,
        "album_artist": album_artist,
        "genre": genre,
        "track_no": track_no,
        "disc_no": disc_no,
        "year": year,
    }
    if fmt in ("mp3", "wav", "aiff"):
        _write_id3(target, fmt, tags, cover)
    elif fmt == "m4a":
        _write_mp4(target, tags, cover)
    else:
        _write_vorbis(target, fmt, tags, cover)
    return target


def _write_id3(path: Path, fmt: str, tags: dict, cover: bool) -> None:
    frames = {
        "title": TIT2,
        "artist": TPE1,
        "album": TALB,
        "album_artist": TPE2,
        "genre": TCON,
        "track_no": TRCK,
        "disc_no": TPOS,
        "year": TDRC,
    }
    if fmt == "mp3":
        id3 = ID3()
    else:
        audio = WAVE(path) if fmt == "wav" else AIFF(path)
        audio.add_tags()
        id3 = audio.tags
    for name, frame in frames.items():
        if tags[name] is not None:
            id3.add(frame(encoding=3, text=[str(tags[name])]))
    if cover:
        id3.add(APIC(encoding=3, mime="image/png", type=3, desc="front", data=PNG_1PX))
    if fmt == "mp3":
        id3.save(path)
    else:
        audio.save()


def _write_vorbis(path: Path, fmt: str, tags: dict, cover: bool) -> None:
    audio = {"flac": FLAC, "ogg": OggVorbis, "opus": OggOpus}[fmt](path)
    keys = {
        "title": "title",
        "artist": "artist",
        "album": "album",
        "album_artist": "albumartist",
        "genre": "genre",
        "track_no": "tracknumber",
        "disc_no": "discnumber",
        "year": "date",
    }
    if audio.tags is None:
        audio.add_tags()
    for name, key in keys.items():
        if tags[name] is not None:
            audio[key] = [str(tags[name])]
    if cover:
        picture = Picture()
        picture.type = 3
        picture.mime = "image/png"
        picture.width = picture.height = 1
        picture.depth = 24
        picture.data = PNG_1PX
        if fmt == "flac":
            audio.add_picture(picture)
        else:
            audio["metadata_block_picture"] = [base64.b64encode(picture.write()).decode("ascii")]
    audio.save()


def _write_mp4(path: Path, tags: dict, cover: bool) -> None:
    audio = MP4(path)
    if audio.tags is None:
        audio.add_tags()
    keys = {
        "title": "\xa9nam",
        "artist": "\xa9ART",
        "album": "\xa9alb",
        "album_artist": "aART",
        "genre": "\xa9gen",
        "year": "\xa9day",
    }
    for name, key in keys.items():
        if tags[name] is not None:
            audio[key] = [str(tags[name])]
    if tags["track_no"] is not None:
        audio["trkn"] = [(int(tags["track_no"]), 0)]
    if tags["disc_no"] is not None:
        audio["disk"] = [(int(tags["disc_no"]), 0)]
    if cover:
        audio["covr"] = [MP4Cover(PNG_1PX, imageformat=MP4Cover.FORMAT_PNG)]
    audio.save()


def silent_flac(
    path: Path, cover: bytes | None, *, seconds: float, rate: int = 8000, mime: str = "image/png"
) -> Path:
    """A silent FLAC at ``path`` (its folder made), with ``cover`` as its embedded front cover
    when given: the bytes are written as they are, a picture or not."""
    path.parent.mkdir(parents=True, exist_ok=True)
    sf.write(path, np.zeros(int(seconds * rate), dtype=np.float32), rate, format="FLAC")
    if cover is not None:
        audio = FLAC(path)
        picture = Picture()
        picture.type, picture.mime, picture.data = 3, mime, cover  # 3: front cover
        audio.add_picture(picture)
        audio.save()
    return path
