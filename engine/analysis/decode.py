"""Decode only the excerpts the analysis needs: seek, read a window, never the whole file.

soundfile (libsndfile) reads WAV, AIFF, FLAC, Ogg Vorbis/Opus and MP3 and seeks in all of them;
PyAV (FFmpeg) takes the rest, notably AAC/ALAC in MP4 containers. Every failure becomes a
:class:`DecodeError` whose message is a single line naming the cause.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from engine.analysis.params import AnalysisParams
from engine.errors import DecodeError

# A window may come up this much short of what the header promised before the file counts as
# truncated: decoders disagree by a few frames on padding and MP3 header estimates.
_TRUNCATION_SLACK_S = 1.0
# libsndfile cannot open MP4 containers at all; go straight to FFmpeg for these.
_FFMPEG_ONLY = {".m4a", ".mp4", ".aac", ".m4b", ".alac", ".wma", ".webm", ".mka"}


@dataclass(frozen=True, slots=True)
class DecodedWindows:
    """Excerpts of one file at its own rate and channel layout.

    ``windows`` holds arrays of shape (n_channels, n_samples), float32, full scale = 1.0.
    """

    windows: list[np.ndarray]
    sr: int
    duration_s: float
    decoder: str


def _one_line(text: object) -> str:
    return " ".join(str(text).split()) or "unknown error"


def decode_windows(
    path: str | os.PathLike[str], params: AnalysisParams, *, expected_s: float = 0.0
) -> DecodedWindows:
    """Decode the analysis windows of ``path`` (see :meth:`AnalysisParams.window_starts`).

    ``expected_s`` is the duration the tags declared at import (0 = unknown). Decoders size
    some truncated files (WAV, AIFF, Ogg) by what is actually there, so a file holding much
    less audio than its header declared is reported as truncated here.

    Raises
    ------
    DecodeError
        Missing, unreadable, empty, not audio, corrupt or truncated; the message is one line.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise DecodeError("file not found") from None
    except OSError as exc:
        raise DecodeError(f"cannot stat file ({_one_line(exc.strerror or exc)})") from None
    if size == 0:
        raise DecodeError("empty file (0 bytes)")
    if not os.access(path, os.R_OK):
        raise DecodeError("cannot read file (permission denied)")
    if path.suffix.lower() in _FFMPEG_ONLY:
        decoded = _decode_ffmpeg(path, params)
    else:
        try:
            decoded = _decode_soundfile(path, params)
        except _NotForSoundfile:
            decoded = _decode_ffmpeg(path, params)
    # Generous: tag durations of VBR files without a header are estimates.
    if expected_s > 0 and decoded.duration_s < 0.9 * expected_s - _TRUNCATION_SLACK_S:
        raise DecodeError(
            f"truncated: {decoded.duration_s:.1f} s of audio where the header declares "
            f"{expected_s:.1f} s"
        )
    return decoded


class _NotForSoundfile(Exception):
    """libsndfile does not know the format: let FFmpeg try."""


def _decode_soundfile(path: Path, params: AnalysisParams) -> DecodedWindows:
    import soundfile as sf

    try:
        handle = sf.SoundFile(path)
    except (sf.LibsndfileError, RuntimeError) as exc:
        raise _NotForSoundfile(str(exc)) from None
    with handle:
        sr, frames = handle.samplerate, handle.frames
        if sr <= 0 or frames <= 0:
            raise DecodeError("no audio frames in file")
        duration = frames / sr
        starts = params.window_starts(duration)
        whole = params.whole_track or len(starts) == 1
        windows = []
        try:
            for start_s in starts:
                start = int(start_s * sr)
                want = frames - start if whole else min(int(params.window_s * sr), frames - start)
                if start:
                    handle.seek(start)
                block = handle.read(want, dtype="float32", always_2d=True)
                _check_length(block.shape[0], want, sr, start_s, duration)
                windows.append(np.ascontiguousarray(block.T))
        except (sf.LibsndfileError, RuntimeError) as exc:
            raise DecodeError(f"corrupt audio ({_one_line(exc)})") from None
    return DecodedWindows(windows, sr, duration, "soundfile")


def _check_length(got: int, expected: int, sr: int, start_s: float, duration: float) -> None:
    if got == 0 and expected > 0:
        raise DecodeError(f"truncated: no audio at {start_s:.1f} s of a {duration:.1f} s file")
    if expected - got > _TRUNCATION_SLACK_S * sr:
        ends = start_s + got / sr
        raise DecodeError(f"truncated: audio ends at {ends:.1f} s of a declared {duration:.1f} s")


def _decode_ffmpeg(path: Path, params: AnalysisParams) -> DecodedWindows:
    import av

    try:
        container = av.open(str(path), metadata_errors="ignore")
    except av.error.FFmpegError as exc:
        raise DecodeError(f"not a readable audio file ({_one_line(exc)})") from None
    with container:
        if not container.streams.audio:
            raise DecodeError("not a readable audio file (no audio stream)")
        stream = container.streams.audio[0]
        sr = stream.codec_context.sample_rate or stream.rate
        if not sr:
            raise DecodeError("not a readable audio file (audio stream has no sample rate)")
        if stream.duration is not None and stream.time_base is not None:
            duration = float(stream.duration * stream.time_base)
        elif container.duration is not None:
            duration = container.duration / 1_000_000
        else:
            duration = 0.0
        starts = params.window_starts(duration) if duration > 0 else [0.0]
        windows = []
        try:
            for start_s in starts:
                whole = params.whole_track or len(starts) == 1
                want = None if whole else int(params.window_s * sr)
                block = _read_ffmpeg(container, stream, start_s, want, sr)
                expected = (
                    int((duration - start_s) * sr)
                    if want is None
                    else min(want, int((duration - start_s) * sr))
                )
                if duration > 0:
                    _check_length(block.shape[1], expected, sr, start_s, duration)
                elif block.shape[1] == 0:
                    raise DecodeError("no audio decoded")
                windows.append(block)
        except av.error.FFmpegError as exc:
            raise DecodeError(f"corrupt audio ({_one_line(exc)})") from None
    if duration <= 0:
        duration = sum(w.shape[1] for w in windows) / sr
    return DecodedWindows(windows, sr, duration, "ffmpeg")


def _read_ffmpeg(container, stream, start_s: float, want: int | None, sr: int) -> np.ndarray:
    """Samples from ``start_s`` on: ``want`` of them, or to the end when ``want`` is None.

    Returns
    -------
    np.ndarray, shape (n_channels, n_samples), float32
    """
    import av

    resampler = av.AudioResampler(format="fltp")  # float planar, own layout and rate
    if start_s > 0:
        # Seeks land on the packet at or before the target; the excess is trimmed below.
        container.seek(int(start_s / stream.time_base), stream=stream, backward=True)
    chunks: list[np.ndarray] = []
    have = 0
    for frame in container.decode(stream):
        for out in resampler.resample(frame):
            block = out.to_ndarray()
            if start_s > 0 and out.pts is not None and out.time_base is not None:
                frame_start = float(out.pts * out.time_base)
                skip = round((start_s - frame_start) * sr)
                if skip >= block.shape[1]:
                    continue
                if skip > 0:
                    block = block[:, skip:]
            chunks.append(block)
            have += block.shape[1]
        if want is not None and have >= want:
            break
    if not chunks:
        return np.zeros((max(stream.channels, 1), 0), dtype=np.float32)
    audio = np.concatenate(chunks, axis=1)
    if want is not None:
        audio = audio[:, :want]
    return np.ascontiguousarray(audio, dtype=np.float32)
