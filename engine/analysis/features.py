"""The feature vector: one fixed-length, named float32 vector per track.

This module is the contract the recommender, the trainer and the player code against:
:data:`FEATURE_NAMES` (the layout), :data:`FEATURE_GROUPS` (used to explain recommendations),
:data:`FEATURE_VERSION` (:mod:`engine.feature_version`: bumped whenever the layout or an
algorithm changes, so stored vectors of another version are re-analysed) and
:func:`extract_features`.

Speed comes from computing one magnitude STFT per excerpt and deriving every spectral feature
(mel, MFCC, chroma, centroid, bandwidth, rolloff, contrast, flatness, RMS, onset envelope) from
it, and from estimating tempo from onset-strength autocorrelation instead of beat tracking.
Beyond each feature's mean and spread the vector holds how the MFCCs vary together (their
log-covariance, a Gaussian timbre model Euclidean distance can compare), how fast they move,
and the shape of the tempogram (:mod:`engine.analysis.summaries`).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from engine.analysis import spectra
from engine.analysis.params import DEFAULT_PARAMS, AnalysisParams
from engine.analysis.quality import quality_figures
from engine.analysis.summaries import (
    N_TEMPO_BANDS,
    log_covariance,
    segment_delta_std,
    tempogram_bands,
    upper_pairs,
)
from engine.errors import ParameterError
from engine.feature_version import FEATURE_VERSION as FEATURE_VERSION  # bump it there

_N_MFCC = 13
_N_CONTRAST = 7  # six octave bands from 200 Hz plus the residual band above
# MFCCs 0-5 enter the covariance: on the three dev corpora 5, 6 or 8 recommend alike and
# better than 13 or 20, with 21 dimensions instead of 91 or 210 (docs/analysis.md).
N_COVARIANCE = 6

_MFCC_MEAN = tuple(f"mfcc_mean_{i:02d}" for i in range(_N_MFCC))
_CHROMA = tuple(f"chroma_{i:02d}" for i in range(12))  # 00 = C, 09 = A
_CONTRAST = tuple(f"spectral_contrast_{i:02d}" for i in range(_N_CONTRAST))
_CONTRAST_STD = tuple(f"spectral_contrast_std_{i:02d}" for i in range(_N_CONTRAST))
_MFCC_DELTA_STD = tuple(f"mfcc_delta_std_{i:02d}" for i in range(_N_MFCC))
# mfcc_logcov_NN: entry (i, j) of summaries.upper_pairs(N_COVARIANCE), NN its position.
_MFCC_LOGCOV = tuple(f"mfcc_logcov_{i:02d}" for i in range(len(upper_pairs(N_COVARIANCE))))
_CHROMA_STD = tuple(f"chroma_std_{i:02d}" for i in range(12))
_TEMPOGRAM = tuple(f"tempogram_{i:02d}" for i in range(N_TEMPO_BANDS))  # 00 = slowest band
_SPECTRAL = (
    "spectral_centroid_mean",
    "spectral_centroid_std",
    "spectral_bandwidth_mean",
    "spectral_bandwidth_std",
    "spectral_rolloff_mean",
    "spectral_rolloff_std",
)

FEATURE_GROUPS: dict[str, tuple[str, ...]] = {
    "timbre": (
        *_MFCC_MEAN,
        *_SPECTRAL,
        *_CONTRAST,
        "spectral_flatness_mean",
        "zcr_mean",
        "zcr_std",
        *_CONTRAST_STD,
        *_MFCC_DELTA_STD,
    ),
    # A group of its own: each group has the same say in the distance (engine.recommend.weights),
    # and inside "timbre" the covariance recommended worse than beside it.
    "texture": _MFCC_LOGCOV,
    "harmony": (*_CHROMA, *_CHROMA_STD),
    "tempo": ("tempo", "onset_strength_mean", *_TEMPOGRAM),
    "loudness": ("rms_mean", "rms_std", "loudness_lufs"),
    "quality": ("peak_dbfs", "clipping_ratio"),
}

FEATURE_NAMES: tuple[str, ...] = tuple(name for group in FEATURE_GROUPS.values() for name in group)

_INDEX = {name: i for i, name in enumerate(FEATURE_NAMES)}


def feature_index(name: str) -> int:
    """Position of ``name`` in the vector; raises :class:`ParameterError` for an unknown name."""
    try:
        return _INDEX[name]
    except KeyError:
        raise ParameterError(f"unknown feature name {name!r}") from None


@lru_cache(maxsize=8)
def _filterbanks(sr: int, n_fft: int, n_mels: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mel and chroma filter banks and FFT bin frequencies, built once per process."""
    import librosa

    mel = librosa.filters.mel(sr=sr, n_fft=n_fft, n_mels=n_mels).astype(np.float32)
    chroma = librosa.filters.chroma(sr=sr, n_fft=n_fft, tuning=0.0).astype(np.float32)
    freqs = librosa.fft_frequencies(sr=sr, n_fft=n_fft).astype(np.float32)
    return mel, chroma, freqs


def _as_channels(samples: np.ndarray) -> np.ndarray:
    """``(n,)`` or ``(n_channels, n)`` float audio -> finite float32 ``(n_channels, n)``."""
    arr = np.asarray(samples)
    if arr.ndim == 1:
        arr = arr[np.newaxis, :]
    if arr.ndim != 2:
        raise ParameterError(f"samples must have shape (n,) or (channels, n), got {arr.shape}")
    if not np.issubdtype(arr.dtype, np.floating):
        raise ParameterError(f"samples must be floating point, got {arr.dtype}")
    arr = arr.astype(np.float32, copy=False)
    if not np.isfinite(arr).all():
        arr = np.nan_to_num(arr, nan=0.0, posinf=1.0, neginf=-1.0)
    return arr


def _mono_at(channels: np.ndarray, sr: int, target_sr: int, quality: str) -> np.ndarray:
    mono = channels.mean(axis=0) if channels.shape[0] > 1 else channels[0]
    if sr == target_sr:
        return np.ascontiguousarray(mono, dtype=np.float32)
    import soxr

    return soxr.resample(mono, sr, target_sr, quality=quality).astype(np.float32, copy=False)


def _zero_crossing_rate(y: np.ndarray, frame: int, hop: int, n_frames: int) -> np.ndarray:
    """Fraction of sign changes per centred frame, aligned with the STFT frames.

    Parameters
    ----------
    y : np.ndarray, shape (n_samples,)

    Returns
    -------
    np.ndarray, shape (n_frames,)
        Same definition as ``librosa.feature.zero_crossing_rate`` (zero counts as positive),
        by cumulative sums instead of framing: a few times cheaper.
    """
    crossings = np.signbit(y[1:]) != np.signbit(y[:-1])
    csum = np.concatenate([[0], np.cumsum(crossings, dtype=np.int64)])
    centres = np.arange(n_frames) * hop
    lo = np.clip(centres - frame // 2, 0, crossings.size)
    hi = np.clip(centres + frame // 2, 0, crossings.size)
    return (csum[hi] - csum[lo]) / frame


def _spectral_shape(
    mag: np.ndarray, power: np.ndarray, freqs: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per-frame centroid, bandwidth, 85 % rolloff (Hz) and flatness, librosa's definitions.

    Written out here rather than calling librosa's functions one by one: each of those
    re-normalises the spectrogram, which made them the slowest part of the analysis.

    Parameters
    ----------
    mag, power : np.ndarray, shape (n_bins, n_frames)
        Magnitude spectrogram and its square.
    freqs : np.ndarray, shape (n_bins,)
        Bin centre frequencies in Hz.

    Returns
    -------
    tuple of four np.ndarray, each shape (n_frames,)
    """
    total = mag.sum(axis=0)
    safe_total = np.maximum(total, 1e-10)
    centroid = (freqs @ mag) / safe_total
    spread = (freqs[:, np.newaxis] - centroid) ** 2
    bandwidth = np.sqrt(np.einsum("ft,ft->t", spread, mag) / safe_total)
    cumulative = np.cumsum(mag, axis=0)
    rolloff = freqs[np.argmax(cumulative >= 0.85 * cumulative[-1], axis=0)]
    floored = np.maximum(power, 1e-10)
    flatness = np.exp(np.log(floored).mean(axis=0)) / floored.mean(axis=0)
    silent = total <= 1e-10
    for arr in (centroid, bandwidth, rolloff):
        arr[silent] = 0.0
    return centroid, bandwidth, rolloff, flatness


def extract_features(
    samples: np.ndarray, sr: int, *, params: AnalysisParams = DEFAULT_PARAMS
) -> np.ndarray:
    """Feature vector of one piece of audio.

    Parameters
    ----------
    samples : np.ndarray, shape (n_samples,) or (n_channels, n_samples)
        Floating-point audio, full scale = 1.0, at the file's own rate and channel layout.
    sr : int
        Sample rate of ``samples`` in Hz.
    params : AnalysisParams
        STFT and resampling settings (the windowing fields are the decoder's business).

    Returns
    -------
    np.ndarray, shape (len(FEATURE_NAMES),), float32
        Finite values in the order of :data:`FEATURE_NAMES`.
    """
    return extract_window_features([samples], sr, params=params)


def extract_window_features(
    windows: Sequence[np.ndarray], sr: int, *, params: AnalysisParams = DEFAULT_PARAMS
) -> np.ndarray:
    """Feature vector of a track given as several excerpts.

    Frame-level features are pooled over all excerpts; no STFT frame, loudness block or
    tempogram column straddles two excerpts, so the cut points leave no trace.

    Parameters
    ----------
    windows : sequence of np.ndarray, each shape (n_samples,) or (n_channels, n_samples)
        Excerpts of one track at rate ``sr``, full scale = 1.0. Excerpts may differ in length.
    sr : int
        Sample rate in Hz.
    params : AnalysisParams
        STFT and resampling settings.

    Returns
    -------
    np.ndarray, shape (len(FEATURE_NAMES),), float32
        Finite values in the order of :data:`FEATURE_NAMES`; silence gives floors and zeros.
    """
    import librosa

    if not windows:
        raise ParameterError("no audio windows given")
    if sr <= 0:
        raise ParameterError(f"sample rate must be positive, got {sr}")
    channel_windows = [_as_channels(w) for w in windows]
    quality = quality_figures(channel_windows, sr, clip_level=params.clip_level)

    mel_fb, chroma_fb, freqs = _filterbanks(params.sr, params.n_fft, params.n_mels)
    signals = []
    for channels in channel_windows:
        y = _mono_at(channels, sr, params.sr, params.resample_quality)
        if y.size < params.n_fft:
            # Too short for a frame of its own; pad so a tiny file still yields a vector.
            y = np.pad(y, (0, params.n_fft - y.size))
        signals.append(y)
    # One magnitude STFT per excerpt, side by side: (1 + n_fft // 2, n_frames).
    mag = spectra.stft_magnitude(signals, params.n_fft, params.hop_length)
    frames = spectra.frame_counts([y.size for y in signals], params.hop_length)
    power = mag * mag
    mel_power = mel_fb @ power  # (n_mels, n_frames)
    ends = np.cumsum(frames).tolist()
    onsets, zcrs = [], []
    for y, start, end in zip(signals, [0, *ends[:-1]], ends, strict=True):
        # Per excerpt: the onset envelope's 80 dB floor is relative to its own excerpt.
        log_mel = librosa.power_to_db(mel_power[:, start:end], ref=1.0, amin=1e-10, top_db=80.0)
        onsets.append(
            librosa.onset.onset_strength(S=log_mel, sr=params.sr, hop_length=params.hop_length)
        )
        zcrs.append(_zero_crossing_rate(y, params.n_fft, params.hop_length, end - start))

    log_mel = librosa.power_to_db(mel_power, ref=1.0, amin=1e-10, top_db=80.0)
    mfcc = librosa.feature.mfcc(S=log_mel, n_mfcc=_N_MFCC)  # (13, n_frames)
    chroma = chroma_fb @ power  # (12, n_frames)
    chroma /= np.maximum(chroma.max(axis=0, keepdims=True), 1e-10)
    centroid, bandwidth, rolloff, flatness = _spectral_shape(mag, power, freqs)
    contrast = librosa.feature.spectral_contrast(
        S=mag, sr=params.sr, n_fft=params.n_fft, n_bands=_N_CONTRAST - 1
    )
    # Parseval on the one-sided spectrum (as librosa.feature.rms does from a spectrogram).
    frame_energy = 2 * power.sum(axis=0) - power[0] - power[-1]
    rms = np.sqrt(np.maximum(frame_energy, 0) / params.n_fft**2)
    zcr = np.concatenate(zcrs)
    tempogram = spectra.mean_tempogram(onsets)  # (n_lags, 1): all the vector uses of it
    tempo = librosa.feature.tempo(
        tg=tempogram, sr=params.sr, hop_length=params.hop_length, aggregate=None
    )
    onset = np.concatenate(onsets)

    values: dict[str, float | np.ndarray] = {
        "mfcc_mean": mfcc.mean(axis=1),
        "mfcc_delta_std": segment_delta_std(mfcc, frames),
        "mfcc_logcov": log_covariance(mfcc[:N_COVARIANCE]),
        "chroma": chroma.mean(axis=1),
        "chroma_std": chroma.std(axis=1),
        "spectral_centroid_mean": centroid.mean(),
        "spectral_centroid_std": centroid.std(),
        "spectral_bandwidth_mean": bandwidth.mean(),
        "spectral_bandwidth_std": bandwidth.std(),
        "spectral_rolloff_mean": rolloff.mean(),
        "spectral_rolloff_std": rolloff.std(),
        "spectral_contrast": contrast.mean(axis=1),
        "spectral_contrast_std": contrast.std(axis=1),
        "spectral_flatness_mean": flatness.mean(),
        "zcr_mean": zcr.mean(),
        "zcr_std": zcr.std(),
        "tempo": float(np.ravel(tempo)[0]),
        "onset_strength_mean": onset.mean(),
        "tempogram": tempogram_bands(tempogram, sr=params.sr, hop_length=params.hop_length),
        "rms_mean": rms.mean(),
        "rms_std": rms.std(),
        "loudness_lufs": quality.loudness_lufs,
        "peak_dbfs": quality.peak_dbfs,
        "clipping_ratio": quality.clipping_ratio,
    }
    named: dict[str, float] = {}
    for key, value in values.items():
        arr = np.ravel(np.asarray(value, dtype=np.float64))
        if arr.size == 1 and key in _INDEX:
            named[key] = float(arr[0])
        else:  # a block such as mfcc_mean -> mfcc_mean_00 .. mfcc_mean_12
            named.update({f"{key}_{i:02d}": float(v) for i, v in enumerate(arr)})
    vector = np.array([named[name] for name in FEATURE_NAMES], dtype=np.float64)
    return np.nan_to_num(vector, nan=0.0, posinf=0.0, neginf=0.0).astype(np.float32)
