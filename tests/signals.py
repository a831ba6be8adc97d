"""Synthetic test signals whose features are known in advance.

Every generator returns float32 mono audio, shape ``(n_samples,)``, full scale = 1.0, so a test
can assert a feature (chroma peak, tempo, loudness, clipping) against the construction.
"""

from __future__ import annotations

import numpy as np


def sine(freq_hz: float, *, seconds: float, sr: int, dbfs: float = -20.0) -> np.ndarray:
    """A pure tone whose peak amplitude is ``dbfs`` relative to full scale."""
    t = np.arange(round(seconds * sr)) / sr
    return (10 ** (dbfs / 20) * np.sin(2 * np.pi * freq_hz * t)).astype(np.float32)


def white_noise(
    rng: np.random.Generator, *, seconds: float, sr: int, rms: float = 0.1
) -> np.ndarray:
    return (rms * rng.standard_normal(round(seconds * sr))).astype(np.float32)


def clicks(
    bpm: float, *, seconds: float, sr: int, click_s: float = 0.01, freq_hz: float = 1000.0
) -> np.ndarray:
    """Short decaying tone bursts on every beat of ``bpm``: an unambiguous pulse."""
    out = np.zeros(round(seconds * sr), dtype=np.float32)
    n_click = round(click_s * sr)
    t = np.arange(n_click) / sr
    burst = np.sin(2 * np.pi * freq_hz * t) * np.exp(-t / (click_s / 4))
    period = 60.0 / bpm
    for start_s in np.arange(0.0, seconds - click_s, period):
        i = round(start_s * sr)
        out[i : i + n_click] += burst.astype(np.float32)
    return 0.8 * out


def clipped(signal: np.ndarray, *, gain: float = 4.0, level: float = 1.0) -> np.ndarray:
    """``signal`` amplified by ``gain`` and hard-clipped at ``level`` (as a hot master is)."""
    return np.clip(signal * gain, -level, level).astype(np.float32)


def silence(*, seconds: float, sr: int) -> np.ndarray:
    return np.zeros(round(seconds * sr), dtype=np.float32)
