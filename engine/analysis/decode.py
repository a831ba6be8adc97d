"""Decode only the excerpts the analysis needs: seek, read a window, never the whole file.

Files are opened by the shared reader (:mod:`engine.audio.reader`: soundfile, else PyAV), the
same one playback uses. Every failure becomes a :class:`DecodeError` whose message is a single
line naming the cause.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass

import numpy as np

from engine.analysis.params import AnalysisParams
from engine.audio.reader import StrOrBytesPath, open_audio, read_frames
from engine.errors import DecodeError

# A window may come up this much short of what the header promised before the file counts as
# truncated: decoders disagree by a few frames on padding and MP3 header estimates.
_TRUNCATION_SLACK_S = 1.0


@dataclass(frozen=True, slots=True)
class DecodedWindows:
    """Excerpts of one file at its own rate and channel layout.

    ``windows`` holds arrays of shape (n_channels, n_samples), float32, full scale = 1.0.
    """

    windows: list[np.ndarray]
    sr: int
    duration_s: float
    decoder: str


def decode_windows(
    path: StrOrBytesPath, params: AnalysisParams, *, expected_s: float = 0.0
) -> DecodedWindows:
    """Decode the analysis windows of ``path`` (see :meth:`AnalysisParams.window_starts`).

    ``path`` may be any name the file system holds (``bytes`` or surrogate-escaped ``str``
    for names that are not UTF-8). ``expected_s`` is the duration the tags declared at import
    (0 = unknown). Decoders size some truncated files (WAV, AIFF, Ogg) by what is actually
    there, so a file holding much less audio than its header declared is reported as truncated.

    Raises
    ------
    DecodeError
        Missing, unreadable, empty, not audio, corrupt or truncated; the message is one line.
    """
    reader = open_audio(os.fspath(path))
    with contextlib.closing(reader):
        sr, duration = reader.samplerate, reader.duration
        starts = params.window_starts(duration) if duration > 0 else [0.0]
        whole = params.whole_track or len(starts) == 1
        windows = []
        for i, start_s in enumerate(starts):
            if start_s > 0 or i > 0:
                reader.seek(start_s)
            want = None if whole else int(params.window_s * sr)
            if want is None and reader.frames:
                want = reader.frames - round(start_s * sr)  # one read, no concatenation
            block = read_frames(reader, want)
            if duration > 0:
                left = int((duration - start_s) * sr)
                _check_length(
                    len(block), left if want is None else min(want, left), sr, start_s, duration
                )
            elif len(block) == 0:
                raise DecodeError("no audio decoded")
            windows.append(np.ascontiguousarray(block.T))
        decoder = reader.decoder
    if duration <= 0:
        duration = sum(w.shape[1] for w in windows) / sr
    # Generous: tag durations of VBR files without a header are estimates.
    if expected_s > 0 and duration < 0.9 * expected_s - _TRUNCATION_SLACK_S:
        raise DecodeError(
            f"truncated: {duration:.1f} s of audio where the header declares {expected_s:.1f} s"
        )
    return DecodedWindows(windows, sr, duration, decoder)


def _check_length(got: int, expected: int, sr: int, start_s: float, duration: float) -> None:
    if got == 0 and expected > 0:
        raise DecodeError(f"truncated: no audio at {start_s:.1f} s of a {duration:.1f} s file")
    if expected - got > _TRUNCATION_SLACK_S * sr:
        ends = start_s + got / sr
        raise DecodeError(f"truncated: audio ends at {ends:.1f} s of a declared {duration:.1f} s")
