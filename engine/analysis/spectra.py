"""librosa's per-excerpt computations, done once for all of a track's excerpts.

The analysis cuts a track into ten excerpts. Calling ``librosa.stft``, ``feature.tempogram`` and
``feature.delta`` once per excerpt rebuilt the same windows and Savitzky-Golay coefficients ten
times (the delta's least-squares fits alone cost 6-8 ms per track), and the full tempogram was
kept although the vector only uses its time average. These functions keep librosa 0.11's
definitions and arithmetic (same windows, same float64 FFTs, same padding at each excerpt's ends)
so the values stay librosa's up to float rounding
(``tests/unit/test_analysis_spectra.py`` holds them to librosa's).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

# librosa.feature.tempogram's default autocorrelation window, in onset frames (~8.9 s).
TEMPOGRAM_WIN = 384


@lru_cache(maxsize=8)
def hann(n: int) -> np.ndarray:
    """Periodic Hann window of ``n`` points, float64 (what ``librosa.filters.get_window`` gives)."""
    from scipy.signal import get_window

    window = get_window("hann", n, fftbins=True)
    window.setflags(write=False)
    return window


def frame_counts(lengths: Sequence[int], hop_length: int) -> list[int]:
    """Centred STFT frames of signals of ``lengths`` samples (librosa, even ``n_fft``)."""
    return [1 + n // hop_length for n in lengths]


def stft_magnitude(signals: Sequence[np.ndarray], n_fft: int, hop_length: int) -> np.ndarray:
    """``|librosa.stft(y, n_fft, hop_length)|`` of each signal, side by side.

    Centred frames with zero padding at each signal's own ends (librosa's default
    ``pad_mode="constant"``), so no frame straddles two signals; the float32 samples times the
    float64 window are transformed in float64 and rounded to complex64 before the magnitude,
    as librosa does.

    Parameters
    ----------
    signals : sequence of np.ndarray, each shape (n_samples,), float32
        Each at least ``n_fft`` samples long.

    Returns
    -------
    np.ndarray, shape (1 + n_fft // 2, total frames), float32, Fortran-ordered
        Frames of the signals in order; :func:`frame_counts` says how many each has. Each frame
        is contiguous, as in librosa's output, so sums over a frame add in the same order.
    """
    from scipy.fft import rfft

    window = hann(n_fft)
    counts = frame_counts([len(y) for y in signals], hop_length)
    out = np.empty((sum(counts), 1 + n_fft // 2), dtype=np.float32)
    row = 0
    for y, count in zip(signals, counts, strict=True):
        padded = np.pad(y, n_fft // 2)
        frames = np.lib.stride_tricks.sliding_window_view(padded, n_fft)[::hop_length][:count]
        spectrum = rfft(frames * window, axis=-1).astype(np.complex64)
        np.abs(spectrum, out=out[row : row + count])
        row += count
    return out.T


def mean_tempogram(onsets: Sequence[np.ndarray], win_length: int = TEMPOGRAM_WIN) -> np.ndarray:
    """The time average of ``librosa.feature.tempogram(onset_envelope=o)`` over all envelopes.

    Each envelope is padded at its own ends (linear ramps to 0, centred windows) before
    framing, exactly as for one call per envelope; the autocorrelations of all frames are then
    one FFT pair, and only their average is kept: the vector uses nothing else of the
    tempogram (``tempo`` and ``tempogram_NN`` both summarise it over time).

    Returns
    -------
    np.ndarray, shape (win_length, 1), float64
        One column, the mean of the max-normalised columns (a column whose maximum is below the
        float64 ``tiny`` is left as it is, as ``librosa.util.normalize`` does).
    """
    from scipy.fft import irfft, next_fast_len, rfft

    window = hann(win_length)
    half = win_length // 2
    n_pad = next_fast_len(2 * win_length - 1, real=True)
    # The FFT's zero padding written in place: scipy would copy every frame into a padded one.
    frames = np.zeros((sum(onset.shape[-1] for onset in onsets), n_pad))
    row = 0
    for onset in onsets:
        padded = np.pad(onset, half, mode="linear_ramp", end_values=0)
        count = onset.shape[-1]
        view = np.lib.stride_tricks.sliding_window_view(padded, win_length)[:count]
        np.multiply(view, window, out=frames[row : row + count, :win_length])
        row += count
    spectrum = rfft(frames, axis=-1)
    power = spectrum.real**2 + spectrum.imag**2  # librosa.util.abs2
    autocorr = irfft(power, n=n_pad, axis=-1)[:, :win_length]
    length = np.abs(autocorr).max(axis=-1, keepdims=True)
    length[length < np.finfo(autocorr.dtype).tiny] = 1.0
    return (autocorr / length).mean(axis=0)[:, np.newaxis]


@lru_cache(maxsize=4)
def _delta_coefficients(width: int) -> np.ndarray:
    from scipy.signal import savgol_coeffs

    coefficients = savgol_coeffs(width, 1, deriv=1)
    coefficients.setflags(write=False)
    return coefficients


def delta(frames: np.ndarray, width: int) -> np.ndarray:
    """``librosa.feature.delta(frames, width=width)`` (first order, ``mode="interp"``).

    Interior columns are the Savitzky-Golay filter (coefficients built once, not per call);
    a first-order fit's derivative is its slope, constant over the fitted window, so the
    ``width // 2`` columns at each edge repeat the first and last interior value (scipy fits
    the same line again there).

    Parameters
    ----------
    frames : np.ndarray, shape (n_rows, n_frames), n_frames >= width
    """
    from scipy.ndimage import convolve1d

    out = convolve1d(frames, _delta_coefficients(width), axis=-1, mode="constant")
    half = width // 2
    out[:, :half] = out[:, half : half + 1]
    out[:, -half:] = out[:, -half - 1 : -half]
    return out
