"""Loudness normalisation: a per-track gain from the analysed integrated loudness.

Analysis stores ``loudness_lufs`` (integrated, BS.1770-style) and ``peak_dbfs`` per track. The
player scales each track towards one target loudness so a quiet folk recording and a loud
master sit at the same level, without pushing the track's peak past a ceiling.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from engine.models import Track
from engine.stores.protocol import Store

TARGET_LUFS = -18.0
PEAK_CEILING_DBFS = -1.0
MAX_BOOST_DB = 12.0
MAX_CUT_DB = 24.0


def gain_db(
    loudness_lufs: float,
    peak_dbfs: float | None = None,
    *,
    target_lufs: float = TARGET_LUFS,
    ceiling_dbfs: float = PEAK_CEILING_DBFS,
) -> float:
    """Gain in dB that brings ``loudness_lufs`` to ``target_lufs``, limited so the track's
    peak stays at or below ``ceiling_dbfs`` and within [-24, +12] dB."""
    if not math.isfinite(loudness_lufs):
        return 0.0
    gain = target_lufs - loudness_lufs
    if peak_dbfs is not None and math.isfinite(peak_dbfs):
        gain = min(gain, ceiling_dbfs - peak_dbfs)
    return max(-MAX_CUT_DB, min(MAX_BOOST_DB, gain))


def db_to_linear(db: float) -> float:
    return float(10.0 ** (db / 20.0))


def store_gain(store: Store, *, target_lufs: float = TARGET_LUFS) -> Callable[[Track], float]:
    """A ``gain_for(track) -> linear gain`` that reads the track's analysed features.

    Unanalysed tracks (or a store without the loudness feature yet) play at unity gain.
    """

    def gain_for(track: Track) -> float:
        try:
            features = store.get_features(track.track_id)
        except Exception:
            return 1.0  # a store hiccup must not stop playback
        if features is None or "loudness_lufs" not in features.names:
            return 1.0
        values = dict(zip(features.names, features.vector.tolist(), strict=True))
        peak = values.get("peak_dbfs")
        return db_to_linear(gain_db(values["loudness_lufs"], peak, target_lufs=target_lufs))

    return gain_for
