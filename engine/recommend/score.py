"""The score of a recommendation: ``1 / (1 + x)`` of a distance-like ``x`` ≥ 0.

For the on-the-fly path (songs analysed after the run), For you and played together, ``x`` is
``msd``, the mean squared z-score difference of the two tracks' (weighted) standardised
vectors: identical tracks score 1.0, two random tracks about 0.33 (``msd`` ≈ 2). Stored and
first-pass lists are in hub order and pass ``x = r²`` (:func:`engine.recommend.hubness.hub_scores`):
0.5 at both tracks' local scale.
"""

from __future__ import annotations

import numpy as np


def similarity(msd: np.ndarray) -> np.ndarray:
    """Score in (0, 1] from the mean squared z-score difference.

    Parameters
    ----------
    msd : np.ndarray, any shape
        Mean squared differences (negative round-off counts as 0).

    Returns
    -------
    np.ndarray, same shape, float64
    """
    return 1.0 / (1.0 + np.maximum(np.asarray(msd, dtype=np.float64), 0.0))


def squared_distance(score: float, n_features: int) -> float:
    """The squared distance a score stands for: the inverse of :func:`similarity`.

    Parameters
    ----------
    score : float
        A score in (0, 1].
    n_features : int
        Length ``d`` of the vectors (``msd = d2 / d``).
    """
    return n_features * (1.0 / score - 1.0)
