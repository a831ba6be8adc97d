"""The graphic equaliser in the player's chain: ten peaking biquads, a preamp and a limiter.

It runs in the decoder thread, after decoding and resampling and before the ring buffer, on
float64 copies of each block (``scipy.signal.sosfilt`` with its state carried from block to
block). Three things make it behave like a listener expects:

- **The set gain is what comes out at each band's centre.** Neighbouring peaking filters
  overlap, so +12 dB on one band would lift the next ones too. The filters' own gains are
  solved for (a 10x10 interaction matrix, refined twice) so that the response at every band
  centre equals the slider's value, and a band left at 0 dB stays untouched.
- **Changes are click-free.** A new setting is reached over :data:`RAMP_SECONDS` in small
  steps (coefficients recomputed for interpolated gains, filter state carried), the preamp
  per sample; switching off ramps to flat and only then bypasses the filters.
- **No clipping.** A peak limiter with instant attack and a linear release keeps every
  sample within :data:`CEILING` (so +12 dB on a loud song is turned down, never clipped).
  With the equaliser off, audio passes untouched, bit for bit.
"""

from __future__ import annotations

import numpy as np

from engine.eq_settings import BAND_HZ, FLAT, EqSettings

Q = 1.2  # wide enough that equal sliders give a smooth curve (1.4 dB ripple at +12 dB)
RAMP_SECONDS = 0.1
RAMP_STEP = 16  # frames per coefficient update while ramping (coarser steps are audible)
CEILING = 10 ** (-0.1 / 20)  # -0.1 dBFS
RELEASE_SECONDS = 0.25  # the limiter's gain climbs back from 0 to 1 in this time
SOLVE_LIMIT_DB = 24.0  # no single filter beyond this, whatever the sliders ask
_REFINE = 2


def peaking_sos(gains_db: np.ndarray, rate: int) -> np.ndarray:
    """RBJ peaking biquads at :data:`BAND_HZ`, shape (10, 6) for ``sosfilt``.

    Bands at or above 0.45 x ``rate`` are left flat (they would sit at Nyquist).
    """
    freqs = np.asarray(BAND_HZ)
    gains = np.where(freqs < 0.45 * rate, gains_db, 0.0)
    amp = 10.0 ** (gains / 40.0)
    w = 2 * np.pi * freqs / rate
    alpha = np.sin(w) / (2 * Q)
    cos = np.cos(w)
    a0 = 1 + alpha / amp
    sos = np.empty((len(freqs), 6))
    sos[:, 0] = (1 + alpha * amp) / a0
    sos[:, 1] = -2 * cos / a0
    sos[:, 2] = (1 - alpha * amp) / a0
    sos[:, 3] = 1.0
    sos[:, 4] = -2 * cos / a0
    sos[:, 5] = (1 - alpha / amp) / a0
    return sos


def response_db(sos: np.ndarray, freqs: np.ndarray, rate: int) -> np.ndarray:
    """Magnitude response in dB of the cascade ``sos`` at ``freqs`` (Hz)."""
    z = np.exp(-1j * 2 * np.pi * np.asarray(freqs) / rate)[None, :]
    num = sos[:, 0, None] + sos[:, 1, None] * z + sos[:, 2, None] * z**2
    den = sos[:, 3, None] + sos[:, 4, None] * z + sos[:, 5, None] * z**2
    return 20 * np.log10(np.abs(np.prod(num / den, axis=0)))


class BandSolver:
    """Filter gains whose cascade hits the sliders' values at every band centre."""

    def __init__(self, rate: int) -> None:
        self.rate = rate
        self.centres = np.asarray(BAND_HZ)
        probe = 12.0
        columns = []
        for i in range(len(BAND_HZ)):
            one = np.zeros(len(BAND_HZ))
            one[i] = probe
            columns.append(response_db(peaking_sos(one, rate), self.centres, rate) / probe)
        self._matrix = np.array(columns).T  # [centre, band]: dB at centre per dB of band
        self._active = self.centres < 0.45 * rate

    def gains(self, wanted_db: np.ndarray) -> np.ndarray:
        """The ten filters' gains in dB for slider values ``wanted_db``."""
        wanted = np.where(self._active, wanted_db, 0.0)
        if not wanted.any():
            return np.zeros(len(wanted))
        gains = np.linalg.solve(self._matrix, wanted)
        for _ in range(_REFINE):  # the response is not quite linear in dB: correct twice
            got = response_db(peaking_sos(gains, self.rate), self.centres, self.rate)
            gains = gains + np.linalg.solve(self._matrix, wanted - got)
        return np.clip(gains, -SOLVE_LIMIT_DB, SOLVE_LIMIT_DB)


class Equaliser:
    """Stateful processing of one stream's blocks, shape (n, channels) float32.

    :meth:`set` may be called from any thread (a new target is picked up at the next
    block); everything else runs on the decoder's thread.
    """

    def __init__(self, rate: int, channels: int, settings: EqSettings | None = None) -> None:
        self.rate = rate
        self.channels = channels
        self._solver: BandSolver | None = None
        self._target = settings or EqSettings()
        self._applied: EqSettings | None = self._target  # what the last ramp aimed at
        # Now, in dB: the ten filters' own (solved) gains, then the preamp; ramps go from
        # _ramp_from to the target's solved levels.
        self._now = self._solved(self._target)
        self._ramp_from = self._now.copy()
        self._goal = self._now.copy()
        self._ramp_left = 0
        self._ramp_len = 1
        self._sos = peaking_sos(self._now[:-1], rate)
        self._zi = np.zeros((len(BAND_HZ), 2, channels))
        self._limit = 1.0  # the limiter's gain
        self._release = 1.0 / (RELEASE_SECONDS * rate)
        self._active = not self._target.flat

    @property
    def settings(self) -> EqSettings:
        return self._target

    def set(self, settings: EqSettings) -> None:
        self._target = settings

    @property
    def bypassed(self) -> bool:
        """Nothing to do: audio passes through untouched."""
        return not self._active and self._target.flat

    def process(self, block: np.ndarray) -> np.ndarray:
        target = self._target
        if target is not self._applied:
            self._aim(target)
        if self.bypassed or not len(block):
            return block
        x = block.astype(np.float64)
        out = np.empty_like(x)
        pos, n = 0, len(x)
        while pos < n:
            step = n - pos if self._ramp_left <= 0 else min(RAMP_STEP, self._ramp_left, n - pos)
            start_pre = self._now[-1]
            if self._ramp_left > 0:
                self._ramp_left -= step
                done = 1.0 - self._ramp_left / self._ramp_len
                self._now = self._ramp_from + (self._goal - self._ramp_from) * done
                self._sos = peaking_sos(self._now[:-1], self.rate)
            seg = x[pos : pos + step]
            y, self._zi = _sosfilt(self._sos, seg, self._zi)
            pre = _db_to_amp(np.linspace(start_pre, self._now[-1], step, endpoint=False))
            out[pos : pos + step] = y * pre[:, None]
            pos += step
        self._limit_peaks(out)
        if self._ramp_left <= 0 and target.flat and np.abs(self._zi).max() < 1e-9:
            self._active = False  # ramped to flat and the filters have rung out
            self._zi[:] = 0.0
            self._limit = 1.0
        return out.astype(np.float32)

    # --- snapshots: the decoder re-processes buffered audio after a change -----------------
    def state(self) -> tuple:
        return (
            self._now.copy(),
            self._ramp_from.copy(),
            self._goal.copy(),
            self._ramp_left,
            self._ramp_len,
            self._sos.copy(),
            self._zi.copy(),
            self._limit,
            self._active,
            self._applied,
        )

    def restore(self, state: tuple) -> None:
        (now, ramp_from, goal, self._ramp_left, self._ramp_len, sos, zi, self._limit,
         self._active, self._applied) = state  # fmt: skip
        self._now, self._ramp_from, self._goal = now.copy(), ramp_from.copy(), goal.copy()
        self._sos, self._zi = sos.copy(), zi.copy()

    # --- internals ---------------------------------------------------------------------------
    def _aim(self, target: EqSettings) -> None:
        self._applied = target
        if not self._active and not target.flat:
            self._active = True
        self._ramp_from = self._now.copy()
        self._goal = self._solved(target)
        self._ramp_len = self._ramp_left = max(1, round(RAMP_SECONDS * self.rate))

    def _solved(self, settings: EqSettings) -> np.ndarray:
        """The filters' gains that give ``settings`` at the band centres, and the preamp."""
        if settings.flat:
            return np.zeros(len(FLAT) + 1)
        if self._solver is None:
            self._solver = _SOLVERS.get(self.rate) or _SOLVERS.setdefault(
                self.rate, BandSolver(self.rate)
            )
        return np.array([*self._solver.gains(np.array(settings.gains_db)), settings.preamp_db])

    def _limit_peaks(self, out: np.ndarray) -> None:
        """Scale ``out`` in place so no sample exceeds :data:`CEILING`.

        The gain follows g[k] = min(need[k], g[k-1] + release): it drops at once to what a
        peak needs and climbs back linearly. Unrolled, g[k] = min over j <= k of
        need[j] + (k - j) * release (and the carried gain), which numpy computes at once.
        """
        peak = np.abs(out).max(axis=1)
        if self._limit >= 1.0 and peak.max() <= CEILING:
            return
        need = np.minimum(1.0, CEILING / np.maximum(peak, 1e-12))
        k = np.arange(len(out))
        ramp = k * self._release
        gain = np.minimum.accumulate(need - ramp) + ramp
        gain = np.minimum(gain, self._limit + (k + 1) * self._release)
        np.minimum(gain, 1.0, out=gain)
        out *= gain[:, None]
        self._limit = float(gain[-1])


_SOLVERS: dict[int, BandSolver] = {}  # one interaction matrix per output rate


def _db_to_amp(db: np.ndarray) -> np.ndarray:
    return 10.0 ** (db / 20.0)


def _sosfilt(sos: np.ndarray, x: np.ndarray, zi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    from scipy.signal import sosfilt

    return sosfilt(sos, x, axis=0, zi=zi)
