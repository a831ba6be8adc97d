"""The knobs of the analysis, in one frozen dataclass.

Everything that changes the feature values lives here, so the recommendation quality benchmark
can compare settings (e.g. 10 x 3 s windows against the whole track) by passing another
:class:`AnalysisParams`; nothing else in the pipeline hides a constant that affects results.
The default, 10 x 3 s, was chosen by measurement (README, "Analysis"): against whole-track
analysis of the full-length dev tracks it keeps every feature group correlated >= 0.94 and
loudness within 1 LU (p90) at one sixth of the CPU, and of the windowings that cost the same it
recommends best (same-album precision, and most of all across artists).
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.errors import ParameterError


@dataclass(frozen=True, slots=True)
class AnalysisParams:
    """How a track is cut into windows and turned into spectra.

    Parameters
    ----------
    n_windows
        Excerpts decoded per track, centred at ``i / (n_windows + 1)`` of the duration so intros
        and fade-outs are avoided. ``0`` analyses the whole track.
    window_s
        Length of each excerpt in seconds.
    sr
        Rate the spectral features are computed at (Hz); the quality figures use the file's
        own rate and channels.
    n_fft, hop_length
        STFT frame and hop in samples at ``sr``.
    n_mels
        Mel bands behind the MFCCs and the onset envelope.
    n_mfcc
        MFCC coefficients kept (mean and standard deviation of each enter the vector).
    resample_quality
        soxr quality recipe for the downmix resampling: ``"QQ"``, ``"LQ"``, ``"MQ"``, ``"HQ"``.
    clip_level
        Absolute sample value at or above which a sample counts as clipped.
    """

    n_windows: int = 10
    window_s: float = 3.0
    sr: int = 22050
    n_fft: int = 2048
    hop_length: int = 512
    n_mels: int = 64
    n_mfcc: int = 13
    resample_quality: str = "LQ"
    clip_level: float = 0.999

    def __post_init__(self) -> None:
        if self.n_windows < 0:
            raise ParameterError(f"n_windows must be >= 0, got {self.n_windows}")
        if self.n_windows and self.window_s <= 0:
            raise ParameterError(f"window_s must be > 0, got {self.window_s}")
        if self.sr < 16000:
            # Spectral contrast's top octave band starts at 6.4 kHz: below Nyquist from ~13 kHz.
            raise ParameterError(f"sr must be at least 16000 Hz, got {self.sr}")
        if self.n_fft < 256 or self.hop_length < 1:
            raise ParameterError(
                f"sr={self.sr}, n_fft={self.n_fft}, hop_length={self.hop_length} out of range"
            )
        if self.n_mfcc != 13:
            # The vector layout (FEATURE_NAMES) fixes 13 coefficients.
            raise ParameterError(f"n_mfcc must be 13 (the feature layout), got {self.n_mfcc}")
        if self.resample_quality not in ("QQ", "LQ", "MQ", "HQ", "VHQ"):
            raise ParameterError(f"unknown resample_quality {self.resample_quality!r}")
        if not 0 < self.clip_level <= 1:
            raise ParameterError(f"clip_level must be in (0, 1], got {self.clip_level}")

    @property
    def whole_track(self) -> bool:
        return self.n_windows == 0

    def window_starts(self, duration_s: float) -> list[float]:
        """Start times (s) of the excerpts for a track of ``duration_s`` seconds.

        A track too short to hold the windows apart is analysed whole (one start at 0 and the
        caller reads to the end), so short clips never produce overlapping, repeated excerpts.
        """
        if self.whole_track or duration_s <= self.n_windows * self.window_s * 1.5:
            return [0.0]
        starts = []
        for i in range(1, self.n_windows + 1):
            centre = duration_s * i / (self.n_windows + 1)
            starts.append(max(0.0, min(centre - self.window_s / 2, duration_s - self.window_s)))
        return starts


DEFAULT_PARAMS = AnalysisParams()
