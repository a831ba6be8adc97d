"""How near songs are to a set of loved songs: For you's similarities and their soft maximum.

The similarities are on the recommender's own score scale
(:func:`engine.recommend.score.similarity`). For you scores a candidate by an
affinity-weighted soft maximum over a centre's loved songs (:func:`soft_nearest`), and a
song's likeness to songs skipped at once by the mean of its best few
(:func:`similarity_to_members`).
"""

from __future__ import annotations

import numpy as np

from engine.recommend.cluster_neighbours import squared_distances
from engine.recommend.score import similarity

NEAREST_MEMBERS = 3
# How sharply For you's score favours the nearest loved songs (see soft_nearest): at 16 a
# loved song 0.1 less similar weighs a fifth as much.
SOFTNESS = 16.0


def similarity_to_members(z: np.ndarray, members: np.ndarray) -> np.ndarray:
    """Mean of the best :data:`NEAREST_MEMBERS` similarities of each row of ``z`` to ``members``.

    Parameters
    ----------
    z : np.ndarray, shape (m, d)
    members : np.ndarray, shape (p, d)

    Returns
    -------
    np.ndarray, shape (m,), in (0, 1]
    """
    return best_mean(similarities(z, members))


def similarities(
    z: np.ndarray,
    members: np.ndarray,
    z_norms: np.ndarray | None = None,
    member_norms: np.ndarray | None = None,
) -> np.ndarray:
    """(m, p) similarities on the recommender's own scale (:func:`score.similarity`).

    ``z_norms`` (m,) and ``member_norms`` (p,) are the rows' ``|x|²`` when the caller holds
    them. The same arithmetic as ``similarity(squared_distances(z, members) / d)``, in one
    (m, p) array instead of six: at 100k songs a query builds one per taste centre.
    """
    if z_norms is None:
        return similarity(squared_distances(z, members) / z.shape[1])
    cross = z @ members.T
    cross *= 2.0
    out = z_norms[:, None] + member_norms[None, :]
    out -= cross
    np.maximum(out, 0.0, out=out)
    out /= z.shape[1]
    out += 1.0
    return np.reciprocal(out, out=out)


def soft_nearest(sims: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Affinity-weighted soft maximum of each row of ``sims`` over the loved songs.

    ``log(sum_m w_m exp(b s_m) / sum_m w_m) / b`` with ``b`` = :data:`SOFTNESS`: near the best
    similarity when one loved song is much nearer than the rest, more when several are near,
    and a song played often or liked counts more than one played once; on the similarity scale.

    Parameters
    ----------
    sims : np.ndarray, shape (m, p)
    weights : np.ndarray, shape (p,), positive

    Returns
    -------
    np.ndarray, shape (m,)
    """
    top = sims.max(axis=1, keepdims=True)  # shifted so that exp cannot overflow
    spread = sims - top
    spread *= SOFTNESS
    np.exp(spread, out=spread)
    return top[:, 0] + np.log(spread @ (weights / weights.sum())) / SOFTNESS


def best_mean(sims: np.ndarray) -> np.ndarray:
    take = min(NEAREST_MEMBERS, sims.shape[1])
    return (-np.partition(-sims, take - 1, axis=1)[:, :take]).mean(1)
