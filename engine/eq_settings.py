"""The graphic equaliser's settings: its ten bands, presets, and their form in config.toml.

Pure data (no numpy), so reading the configuration stays cheap; the filters themselves are
:mod:`engine.playback.equaliser`. In config.toml::

    [equaliser]
    enabled = true
    preset = "rock"          # optional: the name the gains came from
    preamp_db = -3.0
    gains_db = [5, 4, 2, -1, -2, -1, 1, 3, 4, 5]
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

BAND_HZ = (31.25, 62.5, 125.0, 250.0, 500.0, 1000.0, 2000.0, 4000.0, 8000.0, 16000.0)
BAND_LABELS = ("31", "62", "125", "250", "500", "1k", "2k", "4k", "8k", "16k")
MAX_GAIN_DB = 12.0  # per band and for the preamp, either way

FLAT = (0.0,) * len(BAND_HZ)
PRESETS: Mapping[str, tuple[float, ...]] = MappingProxyType(
    {
        "flat": FLAT,
        "bass boost": (6.0, 5.0, 4.0, 2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0),
        "treble boost": (0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 2.0, 4.0, 5.0, 6.0),
        "vocal": (-2.0, -2.0, -1.0, 1.0, 3.0, 4.0, 3.0, 1.0, 0.0, -1.0),
        "rock": (5.0, 4.0, 2.0, -1.0, -2.0, -1.0, 1.0, 3.0, 4.0, 5.0),
        "pop": (-1.0, 1.0, 3.0, 4.0, 3.0, 1.0, -1.0, -1.0, -1.0, -1.0),
        "jazz": (3.0, 2.0, 1.0, 2.0, -1.0, -1.0, 0.0, 1.0, 2.0, 3.0),
        "classical": (4.0, 3.0, 2.0, 1.0, 0.0, 0.0, 0.0, 1.0, 2.0, 3.0),
        "electronic": (5.0, 4.0, 1.0, 0.0, -2.0, 1.0, 0.0, 1.0, 4.0, 5.0),
        "loudness": (6.0, 4.0, 0.0, 0.0, -2.0, 0.0, -1.0, 0.0, 3.0, 5.0),
    }
)


@dataclass(frozen=True, slots=True)
class EqSettings:
    """What the listener set: off by default; gains in dB at :data:`BAND_HZ`."""

    enabled: bool = False
    preamp_db: float = 0.0
    gains_db: tuple[float, ...] = FLAT
    preset: str | None = None

    def __post_init__(self) -> None:
        if len(self.gains_db) != len(BAND_HZ):
            raise ValueError(f"gains_db must hold {len(BAND_HZ)} values")
        for value in (self.preamp_db, *self.gains_db):
            if not (math.isfinite(value) and -MAX_GAIN_DB <= value <= MAX_GAIN_DB):
                raise ValueError(f"gains must be between -{MAX_GAIN_DB:g} and +{MAX_GAIN_DB:g} dB")

    @property
    def flat(self) -> bool:
        """Whether it changes nothing (off, or every gain at 0 dB)."""
        return not self.enabled or (self.preamp_db == 0.0 and not any(self.gains_db))

    @classmethod
    def from_preset(cls, name: str, *, preamp_db: float = 0.0) -> EqSettings:
        key = name.strip().lower()
        if key not in PRESETS:
            raise ValueError(f"unknown preset {name!r} (one of: {', '.join(PRESETS)})")
        return cls(enabled=True, preamp_db=preamp_db, gains_db=PRESETS[key], preset=key)

    def to_table(self) -> dict[str, object]:
        table: dict[str, object] = {
            "enabled": self.enabled,
            "preamp_db": self.preamp_db,
            "gains_db": list(self.gains_db),
        }
        if self.preset:
            table["preset"] = self.preset
        return table

    @classmethod
    def from_table(cls, table: object) -> EqSettings:
        """Read ``[equaliser]``; raises ValueError naming the bad key."""
        if not isinstance(table, Mapping):
            raise ValueError("must be a table (enabled, preamp_db, gains_db, preset)")
        unknown = set(table) - {"enabled", "preamp_db", "gains_db", "preset"}
        if unknown:
            raise ValueError(f"unknown key {sorted(unknown)[0]!r}")
        enabled = table.get("enabled", False)
        if not isinstance(enabled, bool):
            raise ValueError("enabled must be true or false")
        preset = table.get("preset")
        if preset is not None and not isinstance(preset, str):
            raise ValueError("preset must be text")
        gains = table.get("gains_db")
        if gains is None and preset is not None:
            if preset.strip().lower() not in PRESETS:
                raise ValueError(f"unknown preset {preset!r} (one of: {', '.join(PRESETS)})")
            gains = PRESETS[preset.strip().lower()]
        gains = FLAT if gains is None else gains
        if not isinstance(gains, list | tuple) or not all(_number(g) for g in gains):
            raise ValueError(f"gains_db must be a list of {len(BAND_HZ)} numbers")
        preamp = table.get("preamp_db", 0.0)
        if not _number(preamp):
            raise ValueError("preamp_db must be a number")
        return cls(enabled, float(preamp), tuple(float(g) for g in gains), preset)


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
