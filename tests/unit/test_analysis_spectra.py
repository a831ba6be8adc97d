"""The batched spectra (engine.analysis.spectra) against librosa's one-call-per-excerpt results.

The analysis vector of ``FEATURE_VERSION`` 3 was defined by librosa's functions; these tests
hold the faster forms to them on excerpts of different lengths (no frame, padding or
autocorrelation may leak from one excerpt into the next).
"""

from __future__ import annotations

import librosa
import numpy as np
import pytest

from engine.analysis import spectra
from tests import signals

SR = 22050


@pytest.fixture
def excerpts(rng: np.random.Generator) -> list[np.ndarray]:
    noise = rng.normal(scale=0.1, size=3 * SR).astype(np.float32)
    tone = signals.sine(440.0, seconds=2.5, sr=SR).astype(np.float32)
    clicks = signals.clicks(bpm=120.0, seconds=3.1, sr=SR).astype(np.float32)
    return [noise, tone + 0.01 * noise[: tone.size], clicks]


def test_stft_magnitude_is_librosas_stft_of_each_excerpt_side_by_side(excerpts) -> None:
    want = np.concatenate(
        [np.abs(librosa.stft(y, n_fft=2048, hop_length=512)) for y in excerpts], axis=1
    )
    got = spectra.stft_magnitude(excerpts, 2048, 512)
    assert got.dtype == np.float32
    np.testing.assert_array_equal(got, want)
    assert spectra.frame_counts([y.size for y in excerpts], 512) == [
        librosa.stft(y, n_fft=2048, hop_length=512).shape[1] for y in excerpts
    ]


def test_mean_tempogram_is_the_time_average_of_librosas_tempograms(excerpts) -> None:
    onsets = [librosa.onset.onset_strength(y=y, sr=SR, hop_length=512) for y in excerpts]
    columns = np.concatenate(
        [librosa.feature.tempogram(onset_envelope=o, sr=SR, hop_length=512) for o in onsets],
        axis=1,
    )
    got = spectra.mean_tempogram(onsets)
    assert got.shape == (spectra.TEMPOGRAM_WIN, 1)
    np.testing.assert_allclose(got[:, 0], columns.mean(axis=1), rtol=1e-12, atol=1e-15)


def test_mean_tempogram_of_silence_stays_zero_and_finite() -> None:
    got = spectra.mean_tempogram([np.zeros(130, dtype=np.float32)])
    assert np.isfinite(got).all() and not got.any()


def test_delta_is_librosas_delta_including_the_edges(rng: np.random.Generator) -> None:
    frames = rng.normal(size=(13, 40)).astype(np.float32).cumsum(axis=1)
    want = librosa.feature.delta(frames, width=9)
    got = spectra.delta(frames, 9)
    assert got.dtype == frames.dtype
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


def test_delta_of_a_ramp_is_its_slope_everywhere() -> None:
    ramp = np.tile(np.arange(20, dtype=np.float64) * 0.5, (2, 1))
    np.testing.assert_allclose(spectra.delta(ramp, 9), 0.5, rtol=1e-12)
