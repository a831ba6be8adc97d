"""Loudness (BS.1770-4 gating, K-weighting), peak and clipping on constructed signals."""

from __future__ import annotations

import numpy as np
import pytest

from engine.analysis.quality import (
    LOUDNESS_FLOOR_LUFS,
    integrated_loudness,
    k_weighting,
    quality_figures,
)
from engine.errors import ParameterError
from tests import signals


def test_k_weighting_reproduces_the_bs1770_table_at_48k() -> None:
    (shelf_b, shelf_a), (hp_b, hp_a) = k_weighting(48000)
    np.testing.assert_allclose(
        shelf_b, [1.53512485958697, -2.69169618940638, 1.19839281085285], atol=1e-8
    )
    np.testing.assert_allclose(shelf_a, [1.0, -1.69065929318241, 0.73248077421585], atol=1e-8)
    np.testing.assert_allclose(hp_b, [1.0, -2.0, 1.0])
    np.testing.assert_allclose(hp_a, [1.0, -1.99004745483398, 0.99007225036621], atol=1e-8)
    with pytest.raises(ParameterError):
        k_weighting(2000)


@pytest.mark.parametrize("sr", [22050, 44100, 48000])
def test_loudness_is_rate_independent(sr: int) -> None:
    tone = signals.sine(997.0, seconds=4, sr=sr, dbfs=-20.0)
    assert integrated_loudness([tone], sr) == pytest.approx(-23.0, abs=0.1)


def test_relative_gate_ignores_quiet_passages() -> None:
    sr = 48000
    loud = signals.sine(997.0, seconds=4, sr=sr, dbfs=-20.0)
    quiet = signals.sine(997.0, seconds=4, sr=sr, dbfs=-45.0)  # 25 LU down: gated out
    # The three blocks straddling the step are partly quiet and pass the gate: ~0.2 LU.
    assert integrated_loudness([np.concatenate([loud, quiet])], sr) == pytest.approx(
        -23.0, abs=0.25
    )
    # Without gating the quiet half would pull the mean power down by ~3 dB.
    mid = signals.sine(997.0, seconds=4, sr=sr, dbfs=-26.0)  # 6 LU down: kept
    both = integrated_loudness([np.concatenate([loud, mid])], sr)
    assert -26.0 < both < -23.5


def test_windows_are_pooled_without_straddling_blocks() -> None:
    sr = 48000
    tone = signals.sine(997.0, seconds=2, sr=sr, dbfs=-20.0)
    # Each excerpt alone gives the same loudness as their concatenation would.
    assert integrated_loudness([tone, tone, tone], sr) == pytest.approx(-23.0, abs=0.1)
    # A window shorter than one 400 ms block contributes nothing (and does not crash).
    assert integrated_loudness([tone[:1000]], sr) == LOUDNESS_FLOOR_LUFS


def test_peak_and_clipping_figures() -> None:
    sr = 22050
    tone = signals.sine(440.0, seconds=2, sr=sr, dbfs=-6.0)
    clean = quality_figures([tone], sr)
    assert clean.peak_dbfs == pytest.approx(-6.0, abs=0.01)
    assert clean.clipping_ratio == 0.0
    hot = quality_figures([signals.clipped(tone, gain=4.0)], sr)
    # A sine driven 12 dB into the rails sits at full scale most of the time.
    assert 0.5 < hot.clipping_ratio < 1.0
    silent = quality_figures([signals.silence(seconds=1, sr=sr)], sr)
    assert (silent.loudness_lufs, silent.peak_dbfs, silent.clipping_ratio) == (-70.0, -120.0, 0.0)
