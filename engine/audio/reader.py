"""Open an audio file and read float32 frames from it: soundfile first, then PyAV.

soundfile (libsndfile) reads WAV, AIFF, FLAC, Ogg Opus and MP3 and seeks exactly in them; PyAV
(FFmpeg) reads Ogg Vorbis (faster, and placed exactly after a seek, which libsndfile's Vorbis
seek is not) and what libsndfile cannot, notably AAC/ALAC in MP4 containers. Analysis and
playback both open files here, so a format, a file name or a failure is handled the same way in
both.

File names that are not UTF-8 (a surrogate-escaped ``str`` from ``os.fsdecode``, or ``bytes``)
are routed so each library can open them: libsndfile gets the file system's own bytes (its
``str`` path is encoded strictly and refuses surrogates), PyAV the surrogate-escaped ``str``
(it encodes paths with ``surrogateescape``; it takes no ``bytes`` path at all).

Every failure is a :class:`~engine.errors.DecodeError` with a one-line message that does not
name the file (callers know the path and show it their way).
"""

from __future__ import annotations

import contextlib
import os
from typing import TYPE_CHECKING, Protocol

import numpy as np

from engine.errors import DecodeError

if TYPE_CHECKING:
    import av

# libsndfile cannot open MP4 containers (and a few others) at all: straight to FFmpeg.
FFMPEG_ONLY = frozenset({".m4a", ".mp4", ".aac", ".m4b", ".alac", ".wma", ".webm", ".mka"})
# Ogg Vorbis goes to FFmpeg first: its decoder takes about half of libvorbis's CPU (ten 3-s
# excerpts of a dev track: ~29 against ~47 ms), and libsndfile's Vorbis seeks landed up to
# ~900 samples off and left the first few hundred samples after a seek unprimed (measured on
# the dev tracks against a read from the start); FFmpegReader places its seeks exactly.
# Other codecs in Ogg (Opus, FLAC) stay with libsndfile.
VORBIS_FIRST = frozenset({".ogg", ".oga"})
_WHOLE_READ_FRAMES = 1 << 18
_MAX_LEAD_S = 16.0  # how far before a target a seek that landed after it tries again
# Decoder sample formats returned as they are: float32, planar or packed.
_FLOAT_FORMATS = frozenset({"flt", "fltp"})  # step when reading to an end nobody announced

StrOrBytesPath = str | bytes | os.PathLike[str] | os.PathLike[bytes]


class AudioReader(Protocol):
    """An open audio file.

    ``read`` returns float32 frames of shape ``(n, channels)``, full scale = 1.0, or ``None``
    at the end; ``n`` may differ from the frames asked for (FFmpeg yields codec-sized blocks).
    """

    samplerate: int
    channels: int  # channels of the frames read() returns
    duration: float  # seconds as the file declares them; 0.0 when it does not say
    frames: int  # exact frame count when the decoder knows it (soundfile), else 0
    decoder: str  # "soundfile" or "ffmpeg"

    def seek(self, seconds: float) -> None: ...

    def read(self, frames: int) -> np.ndarray | None: ...

    def close(self) -> None: ...


def one_line(text: object) -> str:
    return " ".join(str(text).split()) or "unknown error"


def fit_channels(block: np.ndarray, channels: int) -> np.ndarray:
    """Map ``block`` (n, c) to (n, channels): mono is duplicated, extra channels dropped."""
    have = block.shape[1]
    if have == channels:
        return block
    if have == 1:
        return np.repeat(block, channels, axis=1)
    if have > channels:
        return np.ascontiguousarray(block[:, :channels])
    return np.concatenate([block, np.repeat(block[:, -1:], channels - have, axis=1)], axis=1)


class SoundFileReader:
    decoder = "soundfile"

    def __init__(self, path: bytes, channels: int | None = None) -> None:
        import soundfile

        self._errors = (soundfile.LibsndfileError, RuntimeError)
        self._file = soundfile.SoundFile(path)
        self.samplerate = int(self._file.samplerate)
        self._native = int(self._file.channels)
        self.channels = channels or self._native
        self.frames = max(int(self._file.frames), 0)
        if self.samplerate <= 0 or self.frames <= 0:
            self._file.close()
            raise DecodeError("no audio frames in file")
        self.duration = self.frames / self.samplerate

    def seek(self, seconds: float) -> None:
        frame = round(seconds * self.samplerate)
        try:
            self._file.seek(min(max(frame, 0), self.frames))
        except self._errors as exc:
            raise DecodeError(f"corrupt audio ({one_line(exc)})") from None

    def read(self, frames: int) -> np.ndarray | None:
        try:
            block = self._file.read(frames, dtype="float32", always_2d=True)
        except self._errors as exc:
            raise DecodeError(f"corrupt audio ({one_line(exc)})") from None
        if not len(block):
            return None
        return fit_channels(block, self.channels) if self.channels != self._native else block

    def close(self) -> None:
        self._file.close()


class FFmpegReader:
    """PyAV, converted to packed float32 by FFmpeg (and down/up-mixed if ``channels`` asks)."""

    decoder = "ffmpeg"
    frames = 0
    _PLACE_S = 1.0  # audio decoded ahead after a seek to place it (see _place)

    def __init__(self, path: str, channels: int | None = None) -> None:
        import av

        self._av = av
        try:
            self._container = av.open(path, metadata_errors="ignore")
        except av.error.FFmpegError as exc:
            raise DecodeError(f"not a readable audio file ({one_line(exc)})") from None
        try:
            self._open_stream(channels)
        except BaseException:
            self._container.close()
            raise

    def _open_stream(self, channels: int | None) -> None:
        if not self._container.streams.audio:
            raise DecodeError("not a readable audio file (no audio stream)")
        self._stream = stream = self._container.streams.audio[0]
        codec = stream.codec_context
        self.samplerate = int(codec.sample_rate or stream.rate or 0)
        if self.samplerate <= 0:
            raise DecodeError("not a readable audio file (audio stream has no sample rate)")
        self.codec = str(codec.name)
        native = max(int(codec.channels or 0), 1)
        self.channels = channels or native
        # None keeps the stream's own layout; a count asks FFmpeg for its down/up-mix.
        self._layout = None if self.channels == native else _layout_name(self.channels)
        if stream.duration is not None and stream.time_base is not None:
            self.duration = float(stream.duration * stream.time_base)
        elif self._container.duration is not None:
            self.duration = self._container.duration / self._av.time_base
        else:
            self.duration = 0.0
        self._restart(0)
        self._touched = False

    def _restart(self, target: int) -> None:
        self._frames = self._container.decode(self._stream)
        self._resampler = self._av.AudioResampler(
            format="flt", layout=self._layout, rate=self.samplerate
        )
        # Converted frames wait here until a read takes them: one array per read instead of
        # one per codec frame (an AAC frame is 1,024 samples; per-frame arrays and Python
        # calls cost more than decoding the audio).
        self._fifo = self._av.AudioFifo()
        self._direct: bool | None = None  # frames queued as decoded (decided on the first)
        self._ended = False
        self._target: int | None = target  # sample the next read starts at, once placed

    def seek(self, seconds: float) -> None:
        if seconds <= 0 and not self._touched:
            return
        self._seek_to(max(round(seconds * self.samplerate), 0))

    def _seek_to(self, target: int, *, lead_s: float = 0.0) -> None:
        """Restart decoding so the next read begins at sample ``target``.

        ``lead_s`` seeks that much earlier, for when the demuxer landed after the target.
        """
        landing = max(target / self.samplerate - lead_s, 0.0)
        try:
            # Seeks land on the packet at or before the target; _place trims the lead-in.
            self._container.seek(
                int(landing / self._stream.time_base), stream=self._stream, backward=True
            )
        except self._av.error.FFmpegError as exc:
            raise DecodeError(f"corrupt audio ({one_line(exc)})") from None
        self._restart(target)

    def _place(self) -> None:
        """Decode ahead after a seek (or the open) and drop what lies before the target.

        A frame's timestamp is not always where its samples are: after a seek, FFmpeg's Ogg
        demuxer derives packet times from block sizes it has not seen yet, so around a change
        of Vorbis block size a frame can claim a time up to ~1,000 samples off (measured on
        the dev tracks), while the decoded samples themselves are contiguous and exact. So
        the frames of the first ``_PLACE_S`` are laid end to end and placed where most of
        their timestamps agree. Samples before time 0 (an Ogg stream's negative start, which
        libsndfile and the Vorbis spec discard) are dropped the same way.
        """
        target = self._target
        assert target is not None
        pending, first = self._decode_ahead()
        lead_s = 0.0
        while first > target > 0 and lead_s < _MAX_LEAD_S:  # landed after it: go earlier
            lead_s = lead_s * 4 or 1.0
            self._seek_to(target, lead_s=lead_s)
            pending, first = self._decode_ahead()
        self._target = None
        drop = max(target - first, 0)
        for frame in pending:
            converted = self._convert(frame)
            total = sum(out.samples for out in converted)
            if drop >= total:
                drop -= total
                continue
            self._push(converted, drop)
            drop = 0
        if self._ended:
            self._push(self._flush(), 0)
        while drop and not self._ended:  # landed far before it: decode on to the target
            frame = next(self._frames, None)
            if frame is None:
                self._ended = True
                self._push(self._flush(), 0)
                break
            converted = self._convert(frame)
            total = sum(out.samples for out in converted)
            take = min(drop, total)
            drop -= take
            if take < total:
                self._push(converted, take)

    def _decode_ahead(self) -> tuple[list[av.AudioFrame], int]:
        """The next ``_PLACE_S`` of decoded frames and the sample their first one starts at."""
        pending: list[av.AudioFrame] = []
        votes: dict[int, int] = {}
        span = 0
        while span < self._PLACE_S * self.samplerate:
            frame = next(self._frames, None)
            if frame is None:
                self._ended = True
                break
            if not frame.samples:
                continue
            if frame.time is not None:
                start = round(frame.time * self.samplerate) - span
                votes[start] = votes.get(start, 0) + 1
            pending.append(frame)
            span += frame.samples
        assert self._target is not None
        return pending, max(votes, key=votes.__getitem__) if votes else self._target

    def _convert(self, frame: av.AudioFrame) -> list[av.AudioFrame]:
        if self._direct is None:
            # Float output in the file's own layout (AAC, Vorbis, MP3, Opus decoders) needs
            # no conversion: the resampler cost 40-70 ms per track of 10 x 3 s excerpts,
            # more than decoding them.
            self._direct = self._layout is None and frame.format.name in _FLOAT_FORMATS
        return [frame] if self._direct else self._resampler.resample(frame)

    def _flush(self) -> list[av.AudioFrame]:
        return [] if self._direct is not False else self._resampler.resample(None)

    def _fill(self, want: int) -> None:
        """Decode until ``want`` samples wait in the FIFO or the stream ends."""
        if self._target is not None:
            self._place()
        fifo = self._fifo
        while fifo.samples < want and not self._ended:
            frame = next(self._frames, None)
            if frame is None:
                self._ended = True
                self._push(self._flush(), 0)
                continue
            self._push(self._convert(frame), 0)

    def _push(self, frames: list[av.AudioFrame], drop: int) -> None:
        """Queue ``frames`` minus their first ``drop`` samples."""
        for out in frames:
            if not out.samples:
                continue
            out.pts = None  # the FIFO checks timestamps for gaps; trimmed lead-ins are gaps
            self._fifo.write(out)
        if drop:
            self._fifo.read(drop)

    def read(self, frames: int) -> np.ndarray | None:
        self._touched = True
        try:
            self._fill(max(frames, 1))
        except self._av.error.FFmpegError as exc:
            raise DecodeError(f"corrupt audio ({one_line(exc)})") from None
        available = self._fifo.samples
        if not available:
            return None
        out = self._fifo.read(min(max(frames, 1), available))
        if not out.format.is_planar:
            return out.to_ndarray().reshape(-1, self.channels)
        # Interleave the planes straight into the result (to_ndarray would stack them first).
        block = np.empty((out.samples, self.channels), dtype=np.float32)
        for channel, plane in enumerate(out.planes[: self.channels]):
            block[:, channel] = np.frombuffer(plane, dtype=np.float32, count=out.samples)
        return block

    def close(self) -> None:
        self._container.close()


def _layout_name(channels: int) -> str:
    return {1: "mono", 2: "stereo"}.get(channels, f"{channels}c")


def open_audio(path: StrOrBytesPath, *, channels: int | None = None) -> AudioReader:
    """Open ``path`` for reading: soundfile, falling back to PyAV.

    Parameters
    ----------
    path : str, bytes or path-like
        Any file name the file system holds, UTF-8 or not.
    channels : int, optional
        Channels every read returns; ``None`` keeps the file's own.

    Raises
    ------
    DecodeError
        Missing, a folder, empty, unreadable or not audio; the message is one line.
    """
    raw = os.fsencode(path)
    try:
        size = os.stat(raw).st_size
    except FileNotFoundError:
        raise DecodeError("file not found") from None
    except OSError as exc:
        raise DecodeError(f"cannot stat file ({one_line(exc.strerror or exc)})") from None
    if os.path.isdir(raw):
        raise DecodeError("is a folder, not an audio file")
    if size == 0:
        raise DecodeError("empty file (0 bytes)")
    if not os.access(raw, os.R_OK):
        raise DecodeError("cannot read file (permission denied)")
    suffix = os.path.splitext(os.fsdecode(raw))[1].lower()
    if suffix in VORBIS_FIRST:
        with contextlib.suppress(DecodeError):  # not readable by FFmpeg: libsndfile decides
            reader = FFmpegReader(os.fsdecode(raw), channels)
            if reader.codec == "vorbis":
                return reader
            reader.close()
    if suffix not in FFMPEG_ONLY:
        with contextlib.suppress(RuntimeError):  # libsndfile's errors: not a format it knows
            return SoundFileReader(raw, channels)
    return FFmpegReader(os.fsdecode(raw), channels)


def read_frames(reader: AudioReader, want: int | None) -> np.ndarray:
    """The next ``want`` frames (fewer at the end), or everything up to the end for ``None``.

    Returns
    -------
    np.ndarray, shape (n, channels), float32
    """
    chunks: list[np.ndarray] = []
    have = 0
    while want is None or have < want:
        block = reader.read(_WHOLE_READ_FRAMES if want is None else want - have)
        if block is None:
            break
        chunks.append(block)
        have += len(block)
    if not chunks:
        return np.zeros((0, reader.channels), dtype=np.float32)
    audio = chunks[0] if len(chunks) == 1 else np.concatenate(chunks)
    return audio if want is None else audio[:want]
