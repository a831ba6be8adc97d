"""Summaries of frame-level features beyond mean and standard deviation.

The feature vector is compared by (weighted, standardised) Euclidean distance, so each summary
here is built for that distance to mean something:

* :func:`log_covariance` embeds the single-Gaussian timbre model (Aucouturier & Pachet; Mandel &
  Ellis; Musly) — how the MFCCs vary *together* over a song, not only each on its own — as the
  upper triangle of the matrix logarithm of the covariance. The Euclidean distance of those
  vectors is the log-Euclidean distance between covariance matrices, a true metric on them that
  behaves like the Gaussians' divergence for nearby matrices, so k-means and LSH can use it.
* :func:`segment_delta_std` is how fast each MFCC moves from frame to frame (a sustained pad and
  a tremolo of the same colour have the same mean and spread, not the same motion).
* :func:`tempogram_bands` keeps the shape of the onset autocorrelation over the musical tempo
  range instead of its single peak: a song's pulse, its sub-divisions and swing.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import numpy as np

# Eigenvalue floor of a covariance matrix (MFCC units squared): silence or a constant tone
# gives a singular matrix, whose logarithm must stay finite.
COVARIANCE_FLOOR = 1e-6
# librosa.feature.delta's default window; a segment shorter than it has no delta.
DELTA_WIDTH = 9
# Tempo bands of the tempogram summary: geometric between these, in beats per minute.
TEMPO_LOW_BPM = 40.0
TEMPO_HIGH_BPM = 320.0
N_TEMPO_BANDS = 12


def upper_pairs(n: int) -> list[tuple[int, int]]:
    """``(i, j)`` with ``i <= j < n``, row by row: the order :func:`log_covariance` returns."""
    return [(i, j) for i in range(n) for j in range(i, n)]


def log_covariance(frames: np.ndarray) -> np.ndarray:
    """Upper triangle of ``logm(cov(frames))``.

    Parameters
    ----------
    frames : np.ndarray, shape (n_coefficients, n_frames)

    Returns
    -------
    np.ndarray, shape (n_coefficients * (n_coefficients + 1) // 2,), float64
        In :func:`upper_pairs` order; finite for any input (one frame gives the floor).
    """
    x = np.asarray(frames, dtype=np.float64)
    n = x.shape[0]
    cov = np.cov(x) if x.shape[1] > 1 else np.zeros((n, n))
    cov = np.nan_to_num(np.atleast_2d(cov), nan=0.0, posinf=0.0, neginf=0.0)
    eigenvalues, vectors = np.linalg.eigh(cov + COVARIANCE_FLOOR * np.eye(n))
    log_cov = (vectors * np.log(np.maximum(eigenvalues, COVARIANCE_FLOOR))) @ vectors.T
    rows, cols = np.triu_indices(n)
    return log_cov[rows, cols]


def segment_delta_std(frames: np.ndarray, lengths: Sequence[int]) -> np.ndarray:
    """Standard deviation of the frame-to-frame delta of each row, pooled over segments.

    Parameters
    ----------
    frames : np.ndarray, shape (n_rows, n_frames)
        Segments side by side (the analysis windows); no delta straddles two of them.
    lengths : sequence of int
        Frames per segment, summing to ``n_frames``.

    Returns
    -------
    np.ndarray, shape (n_rows,)
        Zeros when no segment has :data:`DELTA_WIDTH` frames.
    """
    from engine.analysis.spectra import delta

    deltas = []
    start = 0
    for length in lengths:
        if length >= DELTA_WIDTH:
            deltas.append(delta(frames[:, start : start + length], DELTA_WIDTH))
        start += length
    if not deltas:
        return np.zeros(frames.shape[0])
    return np.concatenate(deltas, axis=1).std(axis=1)


def tempogram_bands(tempogram: np.ndarray, *, sr: int, hop_length: int) -> np.ndarray:
    """Mean autocorrelation tempogram in :data:`N_TEMPO_BANDS` geometric tempo bands.

    Parameters
    ----------
    tempogram : np.ndarray, shape (n_lags, n_frames)
        ``librosa.feature.tempogram`` columns (lag 0 first).
    sr, hop_length : int
        Rate and hop of the onset envelope behind it.

    Returns
    -------
    np.ndarray, shape (N_TEMPO_BANDS,)
        Slowest band first, relative to lag 0 (the envelope's energy), so loud and quiet songs
        with the same pulse agree. A band without a lag (too short a tempogram) is 0.
    """
    mean = np.asarray(tempogram, dtype=np.float64).mean(axis=1)
    lags = np.arange(1, mean.size)
    bpm = 60.0 * sr / hop_length / lags
    edges = np.geomspace(TEMPO_LOW_BPM, TEMPO_HIGH_BPM, N_TEMPO_BANDS + 1)
    bands = np.zeros(N_TEMPO_BANDS)
    for i, (lo, hi) in enumerate(pairwise(edges)):
        inside = (bpm >= lo) & (bpm < hi)
        if inside.any():
            bands[i] = mean[1:][inside].mean()
    return bands / max(float(mean[0]), 1e-9) if mean.size else bands
