"""Summaries beyond mean and spread (engine.analysis.summaries), on data whose answer is known."""

from __future__ import annotations

import numpy as np
import pytest

from engine.analysis.features import FEATURE_NAMES, N_COVARIANCE, extract_features
from engine.analysis.summaries import (
    COVARIANCE_FLOOR,
    N_TEMPO_BANDS,
    TEMPO_HIGH_BPM,
    TEMPO_LOW_BPM,
    log_covariance,
    segment_delta_std,
    tempogram_bands,
    upper_pairs,
)
from tests import signals

SR = 22050


def test_log_covariance_is_the_matrix_logarithm_of_the_covariance(rng) -> None:
    # cov = Q diag(e^a) Q^T, so logm(cov) = Q diag(a) Q^T exactly.
    q, _ = np.linalg.qr(rng.normal(size=(4, 4)))
    log_eig = np.array([2.0, 0.5, -1.0, 1.0])
    cov = (q * np.exp(log_eig)) @ q.T
    frames = rng.multivariate_normal(np.full(4, 30.0), cov, size=200_000).T
    want = (q * log_eig) @ q.T
    got = log_covariance(frames)
    assert got.shape == (10,)
    np.testing.assert_allclose(got, [want[i, j] for i, j in upper_pairs(4)], atol=0.02)
    # The mean does not enter; a louder copy (x 10) moves only the log-variances (+ 2 ln 10).
    np.testing.assert_allclose(log_covariance(frames - 30.0), got, atol=1e-9)
    diagonal = [k for k, (i, j) in enumerate(upper_pairs(4)) if i == j]
    louder = log_covariance(10 * frames)
    np.testing.assert_allclose(louder[diagonal], got[diagonal] + 2 * np.log(10), atol=1e-6)


@pytest.mark.parametrize("n_frames", [1, 2, 50])
def test_log_covariance_of_constant_frames_is_the_finite_floor(n_frames: int) -> None:
    got = log_covariance(np.ones((3, n_frames)))
    diagonal = [k for k, (i, j) in enumerate(upper_pairs(3)) if i == j]
    np.testing.assert_allclose(got[diagonal], np.log(COVARIANCE_FLOOR), rtol=1e-6)
    assert np.isfinite(got).all()


def test_delta_never_straddles_two_segments() -> None:
    # Two ramps of slope 1 far apart: inside each the delta is 1 everywhere (spread 0); a delta
    # across the cut would see the jump.
    ramp = np.arange(20.0)
    frames = np.stack([np.concatenate([ramp, ramp + 500.0])] * 2)
    assert segment_delta_std(frames, [20, 20]) == pytest.approx([0.0, 0.0], abs=1e-9)
    assert segment_delta_std(frames, [40]).min() > 1.0
    # A segment too short for a delta is left out; none long enough gives zeros.
    assert segment_delta_std(frames[:, :25], [20, 5]) == pytest.approx([0.0, 0.0], abs=1e-9)
    assert segment_delta_std(frames[:, :10], [5, 5]).tolist() == [0.0, 0.0]


def _band_of(bpm: float) -> int:
    edges = np.geomspace(TEMPO_LOW_BPM, TEMPO_HIGH_BPM, N_TEMPO_BANDS + 1)
    return int(np.searchsorted(edges, bpm, side="right")) - 1


@pytest.mark.parametrize("bpm", [90.0, 140.0])
def test_tempogram_bands_peak_at_the_pulse(bpm: float) -> None:
    vector = extract_features(signals.clicks(bpm, seconds=20, sr=SR), SR)
    f = dict(zip(FEATURE_NAMES, vector.tolist(), strict=True))
    bands = np.array([f[f"tempogram_{i:02d}"] for i in range(N_TEMPO_BANDS)])
    # The beat's band (or its double-period band) holds the strongest autocorrelation; a band
    # between the beat and its half-period (no clicks there) holds much less.
    assert int(np.argmax(bands)) in (_band_of(bpm), _band_of(bpm / 2))
    assert bands[_band_of(bpm * 1.45)] < 0.5 * bands[_band_of(bpm)]


def test_tempogram_bands_of_a_flat_envelope_and_of_a_short_one() -> None:
    flat = np.ones((384, 10))  # every lag as strong as lag 0
    np.testing.assert_allclose(tempogram_bands(flat, sr=SR, hop_length=512), 1.0)
    short = tempogram_bands(np.ones((4, 3)), sr=SR, hop_length=512)
    assert short.shape == (N_TEMPO_BANDS,) and np.isfinite(short).all()


def test_texture_tells_alternating_timbres_from_a_steady_mix(rng) -> None:
    """Same two sounds, alternating every half second or mixed: the MFCC means are close, the
    way the coefficients vary is not — what the log-covariance is there to see."""
    tone = signals.sine(440.0, seconds=8, sr=SR, dbfs=-12.0)
    noise = signals.white_noise(rng, seconds=8, sr=SR) * 0.25
    half = np.arange(tone.size) // (SR // 2) % 2 == 0
    alternating = np.where(half, tone, noise).astype(np.float32)
    steady = (0.5 * tone + 0.5 * noise).astype(np.float32)
    variance_c1 = FEATURE_NAMES.index(f"mfcc_logcov_{upper_pairs(N_COVARIANCE).index((1, 1)):02d}")
    assert extract_features(alternating, SR)[variance_c1] > extract_features(steady, SR)[
        variance_c1
    ] + np.log(10)
