"""How much each feature counts in the distance that k-means, LSH and the ranking share.

After standardisation every dimension counts the same, so a group's say grows with its size:
timbre has 49 of the 113 analysis features, tempo 14, loudness 3. ``"groups"`` gives every
feature group (timbre, texture, harmony, tempo, loudness, quality —
:data:`engine.analysis.features.FEATURE_GROUPS`) the same share of the expected squared
distance: a feature of a group of ``n_g`` features is scaled by ``sqrt(d / (G · n_g))``. The
factors are normalised so ``sum(w²) = d``, hence the mean squared difference of two random
tracks stays about 2 and scores keep their meaning. Features outside
every group form one extra group. ``"none"`` keeps plain standardisation.

The weights are folded into the run's scaler (``std / w``), so every consumer of standardised
vectors — k-means, shingles, distances, the on-the-fly recommender — uses them without knowing;
only the reason texts undo them, because "similar tempo" must mean the same with or without.

Chosen by measurement (README, "Quality"): on the full-length dev tracks P@5 same-album went
from 0.370 to 0.395 and the other-artist variant from 0.243 to 0.290, on the clips from 0.273 to
0.283 — and it uses no labels, only the group sizes, so there is nothing fitted to our albums.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from engine.errors import ParameterError
from engine.recommend.reasons import group_of

WEIGHTINGS = ("groups", "none")
DEFAULT_WEIGHTING = "groups"


def feature_weights(names: Sequence[str], scheme: str = DEFAULT_WEIGHTING) -> np.ndarray:
    """Per-feature factors applied to standardised vectors.

    Parameters
    ----------
    names : sequence of str, length d
        Feature names (grouped by :func:`engine.recommend.reasons.group_of`).
    scheme : {"groups", "none"}

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
    return np.array([np.sqrt(d / (len(sizes) * sizes[g])) for g in groups])
