"""Concrete traits two songs share, read from their unweighted feature values.

A reason such as "similar tempo and loudness" cannot be checked by a listener; "both around
128 BPM" can. Each trait here is a statement about measured values (beats per minute, LUFS,
spectral centroid in Hz, the best-fitting key) that holds for *both* songs of a pair. The
rarer a trait is in the library, the more it says about why these two songs belong together,
so traits are ranked by their estimated share of the library and only the rarest
:data:`MAX_TRAITS` are named. The share is estimated from the library's feature mean and standard
deviation (the run's scaler, the only summary every path has) as a normal tail: a rough
figure, used only to order true statements, never to make one.

Thresholds are properties of sound, not of our albums: 2 kHz of spectral centroid is bright
and 600 Hz dark whatever the library; -11 LUFS is a loud modern master and -22 LUFS a quiet one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from engine.phrases import NO_REASON, Phrase, phrase
from engine.recommend.ranks import first_ranked, stable_ranks

# Two tempi within this fraction of their mean are "the same tempo" (a listener hears ±4 % as
# the same groove; beyond it the difference is audible when the songs follow each other).
TEMPO_TOLERANCE = 0.04
# Below this mean onset strength there is no pulse to speak of and the tempo estimate is noise
# (sustained pads and drones still get a number from the tempogram).
PULSE_ONSET_MIN = 0.7
# Mean onset strength at or above which a song is busy with attacks (drums, plucks).
PERCUSSIVE_ONSET = 1.6
# Correlation with the best of the 24 key profiles needed before a key is claimed.
KEY_FIT_MIN = 0.6
BRIGHT_HZ = 2000.0
DARK_HZ = 600.0
# Noise-like: a flat spectrum that is also crossing zero often. Digitally silent frames have a
# flatness of 1 (every bin at the floor) and no crossings, so the stored mean overstates the
# sound's own flatness; :func:`sounding_flatness` takes the most silence the level allows out.
NOISY_FLATNESS = 0.1
NOISY_ZCR = 0.1
LOUD_LUFS = -11.0
# Integrated loudness this close (LU) is "the same level": under the ~2 LU a listener notices.
SAME_LEVEL_LU = 1.5
QUIET_LUFS = -22.0
# RMS standard deviation over mean: below it a loud song is compressed, above it a quiet one
# swings widely in level.
COMPRESSED_CV = 0.25
WIDE_DYNAMICS_CV = 0.5
# A trait more than half the library shares says nothing.
MAX_SHARE = 0.5
MAX_TRAITS = 2
# Chance that a song falls in a given key area (12 major/relative-minor pairs).
KEY_SHARE = 1.0 / 12.0

# Krumhansl-Kessler key profiles (C major, C minor); rolled for the other tonics.
_MAJOR = np.array([6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88])
_MINOR = np.array([6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17])
_PROFILES = np.stack([np.roll(p, k) for p in (_MAJOR, _MINOR) for k in range(12)])
_PROFILES = _PROFILES - _PROFILES.mean(axis=1, keepdims=True)
_PROFILES /= np.linalg.norm(_PROFILES, axis=1, keepdims=True)

_NEEDED = (
    "tempo",
    "onset_strength_mean",
    "spectral_centroid_mean",
    "spectral_flatness_mean",
    "zcr_mean",
    "loudness_lufs",
    "rms_mean",
    "rms_std",
    *(f"chroma_{i:02d}" for i in range(12)),
)


def key_of(chroma: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Best-fitting key of mean chroma vectors.

    Parameters
    ----------
    chroma : np.ndarray, shape (..., 12)
        Mean chroma, C first.

    Returns
    -------
    key : np.ndarray of int, shape (...)
        0-11 = C..B major, 12-23 = C..B minor; -1 where no profile correlates ≥ KEY_FIT_MIN.
    """
    c = np.asarray(chroma, dtype=np.float64)
    c = c - c.mean(axis=-1, keepdims=True)
    norm = np.linalg.norm(c, axis=-1, keepdims=True)
    fit = (c / np.maximum(norm, 1e-12)) @ _PROFILES.T  # (..., 24)
    best = fit.argmax(axis=-1)
    ok = (np.take_along_axis(fit, best[..., None], axis=-1)[..., 0] >= KEY_FIT_MIN) & (
        norm[..., 0] > 1e-9
    )
    return np.where(ok, best, -1), fit


def _area(key: np.ndarray) -> np.ndarray:
    """Key area (the major tonic of the key signature), -1 kept."""
    return np.where(key < 0, -1, np.where(key < 12, key, (key - 12 + 3) % 12))


def _upper_tail(z: np.ndarray) -> np.ndarray:
    """P(Z ≥ z) of a standard normal (Abramowitz & Stegun 7.1.26, error < 2e-7)."""
    x = np.abs(z) / np.sqrt(2.0)
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = 1.061405429
    for coef in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        poly = coef + t * poly
    poly = t * poly
    half_erfc = 0.5 * poly * np.exp(-x * x)
    return np.where(z >= 0, half_erfc, 1.0 - half_erfc)


def sounding_flatness(
    flatness: np.ndarray, rms_mean: np.ndarray, rms_std: np.ndarray
) -> np.ndarray:
    """A lower bound of the spectral flatness of a song's sounding frames.

    A fraction ``s`` of silent frames (flatness 1, RMS 0) raises the mean flatness to
    ``(1 - s) f + s`` and the RMS's coefficient of variation to at least ``sqrt(s / (1 - s))``,
    whatever the sound does; so ``s <= cv² / (1 + cv²)``, and taking that much silence out
    leaves a flatness the sound itself has at least. A track with no silence and a steady
    level keeps (nearly) its mean; a long silence can no longer make a tone "noise-like".
    """
    cv2 = (rms_std / np.maximum(rms_mean, 1e-9)) ** 2
    silent = np.where(rms_mean > 0, cv2 / (1.0 + cv2), 1.0)
    return np.where(silent < 1.0, (flatness - silent) / np.maximum(1.0 - silent, 1e-9), 0.0)


@dataclass(frozen=True, slots=True)
class Shared:
    """The traits a pair of songs shares: boolean masks and library shares, shape (c, n)."""

    names: tuple[str, ...]  # trait ids, one per row of ``holds``
    holds: np.ndarray  # (t, c, n) bool
    share: np.ndarray  # (t, c, n) float: estimated fraction of the library with the trait
    tempo: np.ndarray  # (c, n) the pair's mean tempo (BPM)
    key: np.ndarray  # (c, n) the shared key (0-23), or the area's major key when they differ
    same_key: np.ndarray  # (c, n) bool: exactly the same key, not only the same area
    lufs: np.ndarray  # (c, n) the pair's mean integrated loudness
    same_level: np.ndarray  # (c, n) bool: within SAME_LEVEL_LU, qualifies "loud"/"quiet"
    compressed: np.ndarray  # (c, n) bool, qualifies "loud"
    wide: np.ndarray  # (c, n) bool, qualifies "quiet"


TRAITS = ("tempo", "key", "bright", "dark", "noisy", "percussive", "loud", "quiet", "level")


def distinct_rows(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of ``rows`` (shape (p, w), float) and, for each row, the index of its
    distinct row, shape (p,): ``np.unique(rows, axis=0, return_inverse=True)`` up to the order of
    the distinct rows (here the lexicographic order of the columns read last to first). One
    ``lexsort`` of the columns; ``np.unique`` sorted the rows as byte strings, a sixth of the
    reasons' time in training. Equal means ``==``: ``-0.0`` is ``0.0``, and each NaN row is its own.
    """
    p = rows.shape[0]
    if p == 0:
        return rows[:0], np.zeros(0, dtype=np.int64)
    order = np.lexsort(rows.T)
    ranked = rows[order]
    starts = np.empty(p, dtype=bool)
    starts[0] = True
    starts[1:] = (ranked[1:] != ranked[:-1]).any(axis=1)
    inverse = np.empty(p, dtype=np.int64)
    inverse[order] = np.cumsum(starts) - 1
    return ranked[starts], inverse


class TraitReader:
    """Shared traits of query/candidate pairs, from raw (unscaled) feature values.

    Parameters
    ----------
    names : sequence of str
        Feature layout of the vectors.
    mean, std : np.ndarray, shape (d,)
        The library's raw feature mean and standard deviation (unweighted).
    """

    def __init__(self, names: Sequence[str], mean: np.ndarray, std: np.ndarray) -> None:
        index = {n: i for i, n in enumerate(names)}
        self.usable = all(n in index for n in _NEEDED)
        self.col = {n: index[n] for n in _NEEDED if n in index}
        self.mean = np.asarray(mean, dtype=np.float64)
        self.std = np.where(np.asarray(std, dtype=np.float64) > 0, std, 1.0)

    def _z(self, name: str, values: np.ndarray) -> np.ndarray:
        i = self.col[name]
        return (values - self.mean[i]) / self.std[i]

    def shared(self, queries: np.ndarray, candidates: np.ndarray) -> Shared:
        """Which traits each pair shares.

        Parameters
        ----------
        queries : np.ndarray, shape (c, d)
        candidates : np.ndarray, shape (c, n, d)
            Raw feature values; candidate ``[i, j]`` is compared with query ``i``.
        """
        q = np.asarray(queries, dtype=np.float64)[:, None, :]
        c = np.asarray(candidates, dtype=np.float64)
        col = self.col

        def both(name: str) -> tuple[np.ndarray, np.ndarray]:
            return np.broadcast_to(q[..., col[name]], c.shape[:2]), c[..., col[name]]

        def high(name: str, at: float) -> tuple[np.ndarray, np.ndarray]:
            a, b = both(name)
            return (a >= at) & (b >= at), _upper_tail(self._z(name, np.minimum(a, b)))

        def low(name: str, at: float) -> tuple[np.ndarray, np.ndarray]:
            a, b = both(name)
            return (a <= at) & (b <= at), _upper_tail(-self._z(name, np.maximum(a, b)))

        ta, tb = both("tempo")
        tempo = (ta + tb) / 2
        pulse, _ = high("onset_strength_mean", PULSE_ONSET_MIN)
        same_tempo = pulse & (tempo > 0) & (np.abs(ta - tb) <= TEMPO_TOLERANCE * tempo)
        tempo_share = _upper_tail(self._z("tempo", tempo * (1 - TEMPO_TOLERANCE))) - _upper_tail(
            self._z("tempo", tempo * (1 + TEMPO_TOLERANCE))
        )

        chroma = [col[f"chroma_{i:02d}"] for i in range(12)]
        kq, _ = key_of(q[..., chroma])
        kc, _ = key_of(c[..., chroma])
        kq = np.broadcast_to(kq, c.shape[:2])
        same_area = (kq >= 0) & (_area(kq) == _area(kc))
        same_key = same_area & (kq == kc)

        bright, bright_share = high("spectral_centroid_mean", BRIGHT_HZ)
        dark, dark_share = low("spectral_centroid_mean", DARK_HZ)
        _, flat_share = high("spectral_flatness_mean", NOISY_FLATNESS)
        fa, fb = both("spectral_flatness_mean")
        sa, sb = both("rms_std")
        ma, mb = both("rms_mean")
        flat = (sounding_flatness(fa, ma, sa) >= NOISY_FLATNESS) & (
            sounding_flatness(fb, mb, sb) >= NOISY_FLATNESS
        )
        crossing, _ = high("zcr_mean", NOISY_ZCR)
        percussive, perc_share = high("onset_strength_mean", PERCUSSIVE_ONSET)
        loud, loud_share = high("loudness_lufs", LOUD_LUFS)
        quiet, quiet_share = low("loudness_lufs", QUIET_LUFS)
        la, lb = both("loudness_lufs")
        lufs = (la + lb) / 2
        same_level = np.abs(la - lb) <= SAME_LEVEL_LU
        half = SAME_LEVEL_LU / 2
        level_share = _upper_tail(self._z("loudness_lufs", lufs - half)) - _upper_tail(
            self._z("loudness_lufs", lufs + half)
        )
        cva, cvb = sa / np.maximum(ma, 1e-9), sb / np.maximum(mb, 1e-9)

        holds = np.stack(
            [
                same_tempo,
                same_area,
                bright,
                dark,
                flat & crossing,
                percussive,
                loud,
                quiet,
                # "loud"/"quiet" say it themselves (with the level added).
                same_level & ~loud & ~quiet,
            ]
        )
        share = np.stack(
            [
                tempo_share,
                np.full(tempo.shape, KEY_SHARE),
                bright_share,
                dark_share,
                flat_share,
                perc_share,
                loud_share,
                quiet_share,
                level_share,
            ]
        )
        return Shared(
            TRAITS,
            holds,
            share,
            tempo,
            np.where(same_key, kq, _area(kq)),
            same_key,
            lufs,
            same_level,
            (cva <= COMPRESSED_CV) & (cvb <= COMPRESSED_CV),
            (cva >= WIDE_DYNAMICS_CV) & (cvb >= WIDE_DYNAMICS_CV),
        )

    def phrases(self, queries: np.ndarray, candidates: np.ndarray) -> list[list[Phrase]]:
        """``both(shared_bpm{bpm=128}, bright)`` per pair, :data:`NO_REASON` where no trait is
        worth naming."""
        table, _ = self.phrase_table(queries, candidates)
        return table.tolist()

    def phrase_table(
        self, queries: np.ndarray, candidates: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`phrases` as a ``(c, n)`` object array, and where a trait is named (bool)."""
        found = self.shared(queries, candidates)
        named = found.holds & (found.share <= MAX_SHARE)
        # Rarest first; a trait that does not hold sorts last.
        rank = np.where(named, found.share, np.inf)
        order = first_ranked(stable_ranks(rank, axis=0), MAX_TRAITS, axis=0)  # (MAX_TRAITS, c, n)
        picked = np.where(np.take_along_axis(named, order, axis=0), order, -1)

        def uses(*traits: str) -> np.ndarray:
            wanted = [found.names.index(t) for t in traits]
            return np.isin(picked, wanted).any(axis=0)

        # A pair's reason depends only on its traits and their values, so each distinct
        # combination is made once (a chunk's 10k pairs hold a few hundred) and the pairs share
        # that one object: making one per pair in Python was a third of the training job's
        # per-cluster time, and a shared phrase is encoded for the store once.
        level = uses("level", "loud", "quiet")
        loud_quiet = uses("loud", "quiet")
        values = (
            (uses("tempo"), np.rint(found.tempo)),
            (uses("key"), found.key),
            (uses("key"), found.same_key),
            (level, np.rint(found.lufs)),
            (loud_quiet, found.same_level),
            (uses("loud"), found.compressed),
            (uses("quiet"), found.wide),
        )
        rows = np.stack(
            [*picked, *(np.where(used, value, 0) for used, value in values)], axis=-1
        ).astype(np.float64)
        # The distinct rows found by one sort, not a dict lookup per pair: at a million tracks
        # that Python loop ran 20M times.
        distinct, inverse = distinct_rows(rows.reshape(-1, rows.shape[-1]))
        made = np.empty(distinct.shape[0], dtype=object)
        made[:] = [self._phrase(found.names, tuple(row)) for row in distinct.tolist()]
        return made[inverse.reshape(rows.shape[:2])], picked[0] >= 0

    @staticmethod
    def _phrase(names: tuple[str, ...], row: tuple[float, ...]) -> Phrase:
        """One pair's reason from its row of :meth:`phrase_table` (traits, then the values)."""
        traits = [names[int(t)] for t in row[:MAX_TRAITS] if t >= 0]
        if not traits:
            return NO_REASON
        tempo, key, same_key, lufs, same_level, compressed, wide = row[MAX_TRAITS:]
        parts = []
        for name in traits:
            if name == "tempo":
                parts.append(phrase("shared_bpm", bpm=int(tempo)))
            elif name == "key":
                parts.append(phrase("same_key" if same_key else "same_key_area", key=int(key)))
            elif name == "level":
                parts.append(phrase("same_level", lufs=int(lufs)))
            elif name in ("loud", "quiet"):
                code = name
                if name == "loud" and compressed:
                    code = "loud_compressed"
                if name == "quiet" and wide:
                    code = "quiet_wide"
                parts.append(phrase(code, lufs=int(lufs) if same_level else None))
            else:
                parts.append(phrase(name))  # bright, dark, noisy, percussive
        return phrase("both", *parts)
