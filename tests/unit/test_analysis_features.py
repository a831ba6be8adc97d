"""Features of synthetic signals whose answers are known by construction."""

from __future__ import annotations

import numpy as np
import pytest

from engine.analysis.features import (
    FEATURE_GROUPS,
    FEATURE_NAMES,
    FEATURE_VERSION,
    extract_features,
    extract_window_features,
    feature_index,
)
from engine.analysis.params import AnalysisParams
from engine.errors import ParameterError
from tests import signals

SR = 22050


def named(vector: np.ndarray) -> dict[str, float]:
    return dict(zip(FEATURE_NAMES, vector.tolist(), strict=True))


def test_contract_layout_is_fixed_and_grouped() -> None:
    assert isinstance(FEATURE_VERSION, int)
    assert len(FEATURE_NAMES) == len(set(FEATURE_NAMES))
    assert set(FEATURE_GROUPS) == {"timbre", "texture", "harmony", "tempo", "loudness", "quality"}
    grouped = [name for names in FEATURE_GROUPS.values() for name in names]
    assert sorted(grouped) == sorted(FEATURE_NAMES)
    for required in ("loudness_lufs", "peak_dbfs", "clipping_ratio", "tempo", "chroma_09"):
        assert required in FEATURE_NAMES
    assert FEATURE_NAMES[feature_index("loudness_lufs")] == "loudness_lufs"
    with pytest.raises(ParameterError, match="no_such"):
        feature_index("no_such")


def test_sine_440_peaks_at_a_with_centroid_near_440() -> None:
    vec = extract_features(signals.sine(440.0, seconds=6, sr=44100), 44100)
    assert vec.dtype == np.float32 and vec.shape == (len(FEATURE_NAMES),)
    f = named(vec)
    chroma = [f[f"chroma_{i:02d}"] for i in range(12)]
    assert int(np.argmax(chroma)) == 9  # A
    assert f["spectral_centroid_mean"] == pytest.approx(440, rel=0.05)
    assert f["spectral_flatness_mean"] < 0.01
    assert f["peak_dbfs"] == pytest.approx(-20.0, abs=0.05)
    assert f["clipping_ratio"] == 0.0


def test_white_noise_is_flat_and_bright(rng: np.random.Generator) -> None:
    f = named(extract_features(signals.white_noise(rng, seconds=5, sr=SR), SR))
    tone = named(extract_features(signals.sine(440.0, seconds=5, sr=SR), SR))
    assert f["spectral_flatness_mean"] > 0.3
    assert f["spectral_flatness_mean"] > 100 * tone["spectral_flatness_mean"]
    assert f["spectral_centroid_mean"] > 4000
    assert f["zcr_mean"] > 10 * tone["zcr_mean"]


@pytest.mark.parametrize("bpm", [90.0, 120.0, 140.0])
def test_clicks_give_their_tempo(bpm: float) -> None:
    f = named(extract_features(signals.clicks(bpm, seconds=20, sr=SR), SR))
    assert f["tempo"] == pytest.approx(bpm, rel=0.04)


def test_tempo_pooled_over_windows() -> None:
    windows = [signals.clicks(120.0, seconds=10, sr=SR) for _ in range(3)]
    f = named(extract_window_features(windows, SR))
    assert f["tempo"] == pytest.approx(120.0, rel=0.04)


def test_loudness_of_a_1khz_sine_follows_bs1770() -> None:
    # A -20 dBFS-peak 997 Hz tone has mean square 0.005 (-23.0 dB); K-weighting adds ~+0.69 dB
    # there and the -0.691 offset removes it: mono -> -23.0 LUFS, identical stereo -> -20.0.
    tone = signals.sine(997.0, seconds=5, sr=48000, dbfs=-20.0)
    assert named(extract_features(tone, 48000))["loudness_lufs"] == pytest.approx(-23.0, abs=0.1)
    stereo = np.stack([tone, tone])
    assert named(extract_features(stereo, 48000))["loudness_lufs"] == pytest.approx(-20.0, abs=0.1)
    quieter = named(extract_features(tone * 0.1, 48000))["loudness_lufs"]
    assert quieter == pytest.approx(-43.0, abs=0.1)


def test_clipped_signal_has_clipping_ratio() -> None:
    tone = signals.sine(440.0, seconds=3, sr=SR, dbfs=0.0)
    f = named(extract_features(signals.clipped(tone, gain=3.0), SR))
    clean = named(extract_features(tone * 0.5, SR))
    assert f["clipping_ratio"] > 0.5
    assert f["peak_dbfs"] == pytest.approx(0.0, abs=0.01)
    assert clean["clipping_ratio"] == 0.0


@pytest.mark.parametrize("seconds", [0.0, 0.01, 3.0])
def test_silence_and_tiny_inputs_give_finite_floors(seconds: float) -> None:
    f = named(extract_features(signals.silence(seconds=seconds, sr=SR), SR))
    assert all(np.isfinite(v) for v in f.values())
    assert f["loudness_lufs"] == -70.0
    assert f["peak_dbfs"] == -120.0
    assert f["rms_mean"] == 0.0


def test_nan_and_inf_never_reach_the_vector(rng: np.random.Generator) -> None:
    noisy = signals.white_noise(rng, seconds=3, sr=SR)
    noisy[::997] = np.nan
    noisy[5] = np.inf
    vec = extract_features(noisy, SR)
    assert np.isfinite(vec).all()


def test_bad_parameters_raise_parameter_error() -> None:
    with pytest.raises(ParameterError):
        extract_features(np.zeros((2, 2, 2), dtype=np.float32), SR)
    with pytest.raises(ParameterError):
        extract_features(np.zeros(100, dtype=np.int16), SR)
    with pytest.raises(ParameterError):
        AnalysisParams(n_windows=-1)
    with pytest.raises(ParameterError, match="16000"):
        AnalysisParams(sr=11025)
    with pytest.raises(ParameterError):
        extract_window_features([], SR)


def test_window_starts_spread_over_the_track() -> None:
    params = AnalysisParams(n_windows=3, window_s=10.0)
    assert params.window_starts(160.0) == [35.0, 75.0, 115.0]
    assert params.window_starts(40.0) == [0.0]  # short: analysed whole
    assert AnalysisParams(n_windows=0).window_starts(600.0) == [0.0]
