"""Audio-quality figures: integrated loudness (ITU-R BS.1770-4 / EBU R128), peak, clipping.

These run on the decoded samples at the file's own rate and channel layout, before any downmix
or resampling: resampling smooths clipped flat tops and a mono downmix changes the loudness of
stereo material, both of which would falsify the figures the player uses for normalisation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from engine.errors import ParameterError

#: Reported for silence or material too short for a single 400 ms gating block; the absolute
#: gate of BS.1770 makes anything quieter meaningless, and the vector must stay finite.
LOUDNESS_FLOOR_LUFS = -70.0
#: Reported peak of digital silence (a float32 sample cannot be much quieter than this).
PEAK_FLOOR_DBFS = -120.0

_BLOCK_S = 0.4  # gating block length
_STEP_S = 0.1  # 75 % overlap
_ABSOLUTE_GATE_LUFS = -70.0
_RELATIVE_GATE_LU = -10.0


@dataclass(frozen=True, slots=True)
class QualityFigures:
    loudness_lufs: float
    peak_dbfs: float
    clipping_ratio: float


@lru_cache(maxsize=16)
def k_weighting(sr: int) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """The two BS.1770 K-weighting biquads, ``((b, a) shelf, (b, a) high-pass)``, for ``sr``.

    BS.1770 tabulates coefficients at 48 kHz only; these are re-derived from the analogue
    prototype (shelf 1681.97 Hz, +4.0 dB, Q 0.7072; high-pass 38.14 Hz, Q 0.5003) by the
    bilinear transform so 44.1 kHz, 22.05 kHz, ... files are weighted correctly. At 48 kHz
    they reproduce the tabulated values to 1e-8.
    """
    if sr <= 2 * 1682:
        raise ParameterError(f"sample rate {sr} Hz too low for K-weighting")
    f0, gain_db, q = 1681.974450955533, 3.999843853973347, 0.7071752369554196
    k = np.tan(np.pi * f0 / sr)
    vh = 10 ** (gain_db / 20)
    vb = vh**0.4996667741545416
    a0 = 1 + k / q + k * k
    shelf_b = np.array([vh + vb * k / q + k * k, 2 * (k * k - vh), vh - vb * k / q + k * k]) / a0
    shelf_a = np.array([1.0, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0])
    f0, q = 38.13547087602444, 0.5003270373238773
    k = np.tan(np.pi * f0 / sr)
    a0 = 1 + k / q + k * k
    hp_b = np.array([1.0, -2.0, 1.0])
    hp_a = np.array([1.0, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0])
    return (shelf_b, shelf_a), (hp_b, hp_a)


def _block_powers(channels: np.ndarray, sr: int) -> np.ndarray:
    """Mean square of K-weighted audio per 400 ms block, summed over channels.

    Parameters
    ----------
    channels : np.ndarray, shape (n_channels, n_samples)

    Returns
    -------
    np.ndarray, shape (n_blocks,)
        Channel-summed block power (all channel weights 1: we see at most stereo in practice,
        and surround weighting would need the channel layout, which decoders do not agree on).
    """
    step = round(_STEP_S * sr)
    steps_per_block = round(_BLOCK_S / _STEP_S)
    n_steps = channels.shape[1] // step
    if n_steps < steps_per_block:
        return np.zeros(0)
    b, a = _k_filter(sr)
    from scipy.signal import lfilter  # here: a second of imports the store's readers skip

    weighted = lfilter(b, a, channels[:, : n_steps * step].astype(np.float64), axis=1)
    # Energy per 100 ms step; a 400 ms block with 75 % overlap is four consecutive steps.
    step_energy = np.einsum("cij,cij->i", *(weighted.reshape(-1, n_steps, step),) * 2)
    csum = np.concatenate([[0.0], np.cumsum(step_energy)])
    blocks = csum[steps_per_block:] - csum[:-steps_per_block]
    return blocks / (steps_per_block * step)


@lru_cache(maxsize=16)
def _k_filter(sr: int) -> tuple[np.ndarray, np.ndarray]:
    """Both K-weighting stages as one fourth-order filter: one pass over the audio, not two."""
    (sb, sa), (hb, ha) = k_weighting(sr)
    return np.convolve(sb, hb), np.convolve(sa, ha)


def integrated_loudness(segments: Sequence[np.ndarray], sr: int) -> float:
    """Gated integrated loudness in LUFS over one or more excerpts of a track.

    Parameters
    ----------
    segments : sequence of np.ndarray, each shape (n_channels, n_samples) or (n_samples,)
        Excerpts of one track; gating blocks never straddle two excerpts.
    sr : int
        Sample rate in Hz.

    Returns
    -------
    float
        Integrated loudness (LUFS), or :data:`LOUDNESS_FLOOR_LUFS` for silence.
    """
    powers = [_block_powers(np.atleast_2d(seg), sr) for seg in segments]
    z = np.concatenate(powers) if powers else np.zeros(0)
    with np.errstate(divide="ignore"):
        block_lufs = -0.691 + 10 * np.log10(z)
    z = z[block_lufs > _ABSOLUTE_GATE_LUFS]
    if z.size == 0:
        return LOUDNESS_FLOOR_LUFS
    relative_gate = -0.691 + 10 * np.log10(z.mean()) + _RELATIVE_GATE_LU
    z = z[-0.691 + 10 * np.log10(z) > relative_gate]
    return max(float(-0.691 + 10 * np.log10(z.mean())), LOUDNESS_FLOOR_LUFS)


def quality_figures(
    segments: Sequence[np.ndarray], sr: int, *, clip_level: float = 0.999
) -> QualityFigures:
    """Loudness, sample peak and clipping ratio of a track's excerpts.

    Parameters
    ----------
    segments : sequence of np.ndarray, each shape (n_channels, n_samples) or (n_samples,)
        Decoded excerpts at the file's own rate, full scale = 1.0.
    sr : int
        Sample rate in Hz.
    clip_level : float
        A sample with ``abs(x) >= clip_level`` counts as clipped.

    Returns
    -------
    QualityFigures
        ``clipping_ratio`` is the fraction of all samples (over all channels) at or above
        ``clip_level``: near 0 for a clean master, around 1e-3 and above for audibly clipped ones.
    """
    peak = 0.0
    clipped = 0
    total = 0
    for seg in segments:
        if seg.size == 0:
            continue
        mag = np.abs(seg)
        peak = max(peak, float(mag.max()))
        clipped += int(np.count_nonzero(mag >= clip_level))
        total += seg.size
    peak_dbfs = 20 * np.log10(peak) if peak > 0 else PEAK_FLOOR_DBFS
    return QualityFigures(
        loudness_lufs=integrated_loudness(segments, sr),
        peak_dbfs=float(max(peak_dbfs, PEAK_FLOOR_DBFS)),
        clipping_ratio=clipped / total if total else 0.0,
    )
