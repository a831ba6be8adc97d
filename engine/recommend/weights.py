"""How much each feature counts in the distance that k-means, LSH and the ranking share.

After standardisation every dimension counts the same, so a group's say grows with its size:
timbre has 49 of the 113 analysis features, tempo 14, loudness 3. ``"groups"`` gives every
feature group (timbre, texture, harmony, tempo, loudness, quality —
:data:`engine.analysis.features.FEATURE_GROUPS`) its :data:`GROUP_SHARES` share of the expected
squared distance (1 unless listed): a feature of a group of ``n_g`` features with share ``s_g``
is scaled by ``sqrt(d · s_g / (S · n_g))``, ``S`` the sum of the shares present. The factors are
normalised so ``sum(w²) = d``, hence the mean squared difference of two random tracks stays
about 2 and scores keep their meaning. Features outside every group form one extra group.
``"none"`` keeps plain standardisation.

The weights are folded into the run's scaler (``std / w``), so every consumer of standardised
vectors — k-means, shingles, distances, the on-the-fly recommender — uses them without knowing;
only the reason texts undo them, because "similar tempo" must mean the same with or without.

Chosen by measurement: equal shares took the full-length dev tracks from 0.370 to 0.395 P@5
same album (feature version 2); with version 3, halving harmony's and tempo's shares raised P@5
on all three dev corpora alike (exact search: clips 0.304 -> 0.345, full 0.499 -> 0.512, more
0.250 -> 0.263; a quarter or 0.7 helped one corpus and cost another; docs/analysis.md). It uses
no labels, only groups, so there is nothing fitted to an album.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from engine.errors import ParameterError
from engine.recommend.reasons import group_of

WEIGHTINGS = ("groups", "none")
DEFAULT_WEIGHTING = "groups"
# Share of the expected squared distance per group, against 1 for any group not listed. Harmony
# (a mean chroma) and tempo (one pulse) each describe one aspect; at a full share their noise
# outvoted timbre's on every dev corpus.
GROUP_SHARES: dict[str, float] = {"harmony": 0.5, "tempo": 0.5}


def feature_weights(
    names: Sequence[str],
    scheme: str = DEFAULT_WEIGHTING,
    *,
    shares: Mapping[str, float] = GROUP_SHARES,
) -> np.ndarray:
    """Per-feature factors applied to standardised vectors.

    Parameters
    ----------
    names : sequence of str, length d
        Feature names (grouped by :func:`engine.recommend.reasons.group_of`).
    scheme : {"groups", "none"}
    shares : mapping of group name to share
        Shares other than 1 (the default, :data:`GROUP_SHARES`; another one only for the
        benchmarks that check how the choice generalises).

    Returns
    -------
    np.ndarray, shape (d,), float64
        Positive factors with ``sum(w ** 2) == d``.
    """
    if scheme not in WEIGHTINGS:
        raise ParameterError(f"weighting must be one of {', '.join(WEIGHTINGS)}, not {scheme!r}")
    d = len(names)
    if scheme == "none" or d == 0:
        return np.ones(d)
    groups = [group_of(name) or "" for name in names]
    sizes = {g: groups.count(g) for g in set(groups)}
    share = {g: shares.get(g, 1.0) for g in sizes}
    total = sum(share.values())
    return np.array([np.sqrt(d * share[g] / (total * sizes[g])) for g in groups])
