"""A training run's settings and figures: written by training, read back by the recommender.

Stored as a flat JSON object with a ``version`` key (SQLite ``runs.meta.params``, MongoDB
``runs.params``). Version 1 is the untyped dict runs carried before this class existed (no
``version`` key); it still loads, each missing key taking the default the recommender used
to assume. A run written by a newer Encore (a higher version) is refused rather than guessed
at. To add a field: give it a default that means what older runs did, and bump
:data:`RUN_SETTINGS_VERSION` only when an old reader would misread the new form.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Literal

from engine.errors import StoreError
from engine.shingle_params import ShingleParams

# 3: the run's reasons and mix names are phrases (engine.phrases: codes and values), not English
# sentences; a reader of version 2 would take the stored arrays for text.
RUN_SETTINGS_VERSION = 3

RankBy = Literal["distance", "jaccard"]
RANKS: tuple[RankBy, ...] = ("distance", "jaccard")


@dataclass(frozen=True, slots=True)
class RunSettings:
    """How a run was trained (what the recommender must repeat) and what it measured.

    Attributes
    ----------
    version : int
        Layout of the stored form (:data:`RUN_SETTINGS_VERSION`).
    rank, shingles, feature_weights, border_probe, border_max_probes, exact_search
        What the on-the-fly path repeats: the candidate order, the shingle/MinHash settings,
        the per-feature weights applied to z-scores (empty: none), whether and how far
        the border probe reaches (``None``: every cluster the bound admits), and whether the
        library was searched whole by exact distance instead (a small library).
    k, k_rule, k_from_rule, n_tracks, n_neighbours, weighting, metadata_weight, seed
        The run's inputs.
    silhouette, smallest_cluster, kmeans_cost, lsh_candidates_mean, lsh_filled_mean,
    border_visits, border_improved_tracks, borrowed_from_other_clusters, spark_master,
    snapshot, train_seconds, timings
        Figures the run measured (shown by ``encore train --json`` and the benches).
    """

    version: int = RUN_SETTINGS_VERSION
    # --- what the recommender repeats ---
    rank: RankBy = "distance"
    shingles: ShingleParams = field(default_factory=ShingleParams)
    feature_weights: tuple[float, ...] = ()
    border_probe: bool = False
    border_max_probes: int | None = None
    exact_search: bool = False
    # --- inputs ---
    k: int = 0
    k_rule: str = ""
    k_from_rule: int = 0
    n_tracks: int = 0
    n_neighbours: int = 0
    weighting: str = "none"
    metadata_weight: float = 0.0
    seed: int | None = None
    # --- measured ---
    silhouette: Mapping[str, float] = field(default_factory=dict)
    smallest_cluster: Mapping[str, int] = field(default_factory=dict)
    kmeans_cost: float = 0.0
    lsh_candidates_mean: float = 0.0
    lsh_filled_mean: float = 0.0
    border_visits: int = 0
    border_improved_tracks: int = 0
    borrowed_from_other_clusters: int = 0
    spark_master: str = ""
    snapshot: str = ""
    train_seconds: float = 0.0
    timings: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Frozen all the way down: the mappings are read-only copies of what was passed.
        for name in ("silhouette", "smallest_cluster", "timings"):
            object.__setattr__(self, name, MappingProxyType(dict(getattr(self, name))))
        object.__setattr__(self, "feature_weights", tuple(self.feature_weights))

    def to_dict(self) -> dict[str, object]:
        """The stored form: plain JSON values only."""
        out: dict[str, object] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, ShingleParams):
                value = value.to_dict()
            elif isinstance(value, tuple):
                value = [float(v) for v in value]
            elif isinstance(value, Mapping):
                value = dict(value)
            out[f.name] = value
        return out

    @classmethod
    def from_dict(cls, data: object, *, where: str = "run settings") -> RunSettings:
        """Read the stored form of any version up to :data:`RUN_SETTINGS_VERSION`.

        ``where`` leads every error message (e.g. the store and the run id).

        Raises
        ------
        StoreError
            Not an object, a field of the wrong type, or a newer version; the message names
            the field.
        """
        try:
            if not isinstance(data, Mapping):
                raise StoreError(f"expected an object, not {type(data).__name__}")
            version = _int(data.get("version", 1), "version")
            if version > RUN_SETTINGS_VERSION:
                raise StoreError(
                    f"version {version} is newer than this Encore ({RUN_SETTINGS_VERSION}): "
                    "upgrade Encore or run `encore train`"
                )
            values: dict[str, object] = {"version": RUN_SETTINGS_VERSION}
            for name, parse in _PARSERS.items():
                if name in data and data[name] is not None:
                    values[name] = parse(data[name], name)
            if "shingles" not in data:
                # The earliest runs kept the shingle settings at the top level.
                values["shingles"] = _shingles(data, "shingles")
        except StoreError as exc:
            raise StoreError(f"{where}: {exc}") from None
        return cls(**values)  # type: ignore[arg-type]


def _fail(name: str, value: object, wanted: str) -> StoreError:
    return StoreError(f"{name} must be {wanted}, not {value!r:.60}")


def _int(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            return int(value)
        raise _fail(name, value, "an integer")
    return value


def _float(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _fail(name, value, "a finite number")
    return float(value)


def _str(value: object, name: str) -> str:
    if not isinstance(value, str):
        raise _fail(name, value, "a string")
    return value


def _bool(value: object, name: str) -> bool:
    if not isinstance(value, bool):
        raise _fail(name, value, "true or false")
    return value


def _rank(value: object, name: str) -> RankBy:
    if value not in RANKS:
        raise _fail(name, value, " or ".join(RANKS))
    return value  # type: ignore[return-value]


def _floats(value: object, name: str) -> tuple[float, ...]:
    if not isinstance(value, list | tuple):
        raise _fail(name, value, "a list of numbers")
    return tuple(_float(v, f"{name}[{i}]") for i, v in enumerate(value))


def _map(parse: Callable[[object, str], float | int]) -> Callable[[object, str], dict]:
    def read(value: object, name: str) -> dict:
        if not isinstance(value, Mapping):
            raise _fail(name, value, "an object")
        return {str(k): parse(v, f"{name}.{k}") for k, v in value.items()}

    return read


def _shingles(value: object, name: str) -> ShingleParams:
    if not isinstance(value, Mapping):
        raise _fail(name, value, "an object")
    try:
        return ShingleParams.from_dict(value)
    except (TypeError, ValueError) as exc:  # ParameterError is a ValueError
        raise StoreError(f"{name}: {exc}") from None


_PARSERS: dict[str, Callable[[object, str], object]] = {
    "rank": _rank,
    "shingles": _shingles,
    "feature_weights": _floats,
    "border_probe": _bool,
    "border_max_probes": _int,
    "exact_search": _bool,
    "k": _int,
    "k_rule": _str,
    "k_from_rule": _int,
    "n_tracks": _int,
    "n_neighbours": _int,
    "weighting": _str,
    "metadata_weight": _float,
    "seed": _int,
    "silhouette": _map(_float),
    "smallest_cluster": _map(_int),
    "kmeans_cost": _float,
    "lsh_candidates_mean": _float,
    "lsh_filled_mean": _float,
    "border_visits": _int,
    "border_improved_tracks": _int,
    "borrowed_from_other_clusters": _int,
    "spark_master": _str,
    "snapshot": _str,
    "train_seconds": _float,
    "timings": _map(_float),
}
