"""Why two tracks were matched: which feature groups (timbre, harmony, tempo, loudness) agree.

The recommender and the training job both call :func:`reason_for` on *standardised* vectors
(z-scores under the run's scaler), so "close" has one meaning everywhere: for two tracks drawn
at random from the library, the squared difference of one standardised dimension averages 2.
A group whose mean squared difference is well under that is worth naming.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

import numpy as np

from engine.errors import ParameterError

# The groups a listener understands, in the order they are named when equally close.
REASON_GROUPS: tuple[str, ...] = ("timbre", "harmony", "tempo", "loudness")

# Mean squared z-score difference below which a group counts as "similar". Random pairs
# average 2.0; 0.8 keeps roughly the closest third of pairs for a Gaussian feature.
SIMILAR_BELOW = 0.8
# Up to this many groups are named; more reads like "similar everything".
MAX_NAMED = 2

# Name prefixes used when a feature is not listed in the analysis module's FEATURE_GROUPS
# (synthetic data in tests, or an older feature layout still stored for a track).
_PREFIX_GROUPS: tuple[tuple[str, str], ...] = (
    ("mfcc", "timbre"),
    ("spectral", "timbre"),
    ("centroid", "timbre"),
    ("bandwidth", "timbre"),
    ("rolloff", "timbre"),
    ("contrast", "timbre"),
    ("flatness", "timbre"),
    ("zcr", "timbre"),
    ("timbre", "timbre"),
    ("chroma", "harmony"),
    ("tonnetz", "harmony"),
    ("key", "harmony"),
    ("harmony", "harmony"),
    ("tempo", "tempo"),
    ("onset", "tempo"),
    ("beat", "tempo"),
    ("pulse", "tempo"),
    ("rms", "loudness"),
    ("loudness", "loudness"),
    ("dynamic", "loudness"),
    ("peak", "quality"),
    ("clipping", "quality"),
    ("quality", "quality"),
)


def _analysis_groups() -> Mapping[str, Sequence[str]]:
    try:
        from engine.analysis.features import FEATURE_GROUPS
    except ImportError:  # analysis not installed in this layout: fall back to name prefixes
        return {}
    return FEATURE_GROUPS


def group_of(name: str, groups: Mapping[str, Sequence[str]] | None = None) -> str | None:
    """The feature group of one feature name, or ``None`` when it belongs to none."""
    for group, members in (groups if groups is not None else _analysis_groups()).items():
        if name in members:
            return group
    lowered = name.lower()
    for prefix, group in _PREFIX_GROUPS:
        if lowered.startswith(prefix):
            return group
    return None


@lru_cache(maxsize=32)
def group_indices(names: tuple[str, ...]) -> dict[str, np.ndarray]:
    """Column indices of each reason group in a vector laid out as ``names``.

    Returns
    -------
    dict
        ``group -> indices`` (int64 array of shape ``(n_in_group,)``) for every group of
        :data:`REASON_GROUPS` that has at least one column.
    """
    groups = _analysis_groups()
    found: dict[str, list[int]] = {g: [] for g in REASON_GROUPS}
    for index, name in enumerate(names):
        group = group_of(name, groups)
        if group in found:
            found[group].append(index)
    return {g: np.asarray(idx, dtype=np.int64) for g, idx in found.items() if idx}


def group_distances(
    query: np.ndarray, candidate: np.ndarray, names: Sequence[str]
) -> dict[str, float]:
    """Mean squared difference per reason group between two standardised vectors.

    Parameters
    ----------
    query, candidate : np.ndarray, shape (n_features,)
        Standardised (z-score) feature vectors in the layout ``names``.
    names : sequence of str, length n_features

    Returns
    -------
    dict
        ``group -> mean squared difference`` (0 is identical, about 2 for random tracks).
    """
    q = np.asarray(query, dtype=np.float64)
    c = np.asarray(candidate, dtype=np.float64)
    if q.shape != (len(names),) or c.shape != (len(names),):
        raise ParameterError(
            f"reason_for: vectors of shape {q.shape} and {c.shape} do not match "
            f"{len(names)} feature names"
        )
    diff = np.nan_to_num(q - c, nan=0.0, posinf=0.0, neginf=0.0)
    return {
        group: float(np.mean(diff[idx] ** 2)) for group, idx in group_indices(tuple(names)).items()
    }


def reason_for(query: np.ndarray, candidate: np.ndarray, names: Sequence[str]) -> str:
    """A short text naming the feature groups in which ``candidate`` is closest to ``query``.

    Parameters
    ----------
    query, candidate : np.ndarray, shape (n_features,)
        Standardised (z-score) feature vectors.
    names : sequence of str, length n_features
        Feature names, mapped to groups by the analysis module's ``FEATURE_GROUPS``.

    Returns
    -------
    str
        e.g. ``"similar timbre and tempo"``; ``"closest overall sound"`` when no single group
        stands out; ``""`` when no column belongs to a reason group.
    """
    distances = group_distances(query, candidate, names)
    if not distances:
        return ""
    order = {g: i for i, g in enumerate(REASON_GROUPS)}
    ranked = sorted(distances.items(), key=lambda item: (item[1], order[item[0]]))
    similar = [g for g, d in ranked if d < SIMILAR_BELOW][:MAX_NAMED]
    if not similar:
        return "closest overall sound"
    # Name them in a fixed order so the same pair of groups always reads the same.
    similar.sort(key=order.__getitem__)
    return "similar " + " and ".join(similar)


def reasons_for(query: np.ndarray, candidates: np.ndarray, names: Sequence[str]) -> list[str]:
    """:func:`reason_for` of one query against many candidates, vectorised.

    Parameters
    ----------
    query : np.ndarray, shape (n_features,)
    candidates : np.ndarray, shape (m, n_features)
        Standardised vectors in the layout ``names``.
    names : sequence of str, length n_features

    Returns
    -------
    list of str, length m
        Equal, element by element, to ``reason_for(query, candidates[j], names)``.
    """
    q = np.asarray(query, dtype=np.float64)
    c = np.atleast_2d(np.asarray(candidates, dtype=np.float64))
    if q.shape != (len(names),) or c.shape[1] != len(names):
        raise ParameterError(
            f"reasons_for: vectors of shape {q.shape} and {c.shape} do not match "
            f"{len(names)} feature names"
        )
    groups = group_indices(tuple(names))
    if not groups:
        return [""] * c.shape[0]
    diff = np.nan_to_num(c - q[None, :], nan=0.0, posinf=0.0, neginf=0.0) ** 2
    present = [g for g in REASON_GROUPS if g in groups]
    # (m, n_groups): the same per-group means as group_distances, one column per group.
    table = np.stack([diff[:, groups[g]].mean(axis=1) for g in present], axis=1)
    out: list[str] = []
    for row in table:
        # Stable sort on distance keeps REASON_GROUPS order among ties, as reason_for does.
        order = np.argsort(row, kind="stable")
        similar = sorted(j for j in order[:MAX_NAMED].tolist() if row[j] < SIMILAR_BELOW)
        if similar:
            out.append("similar " + " and ".join(present[j] for j in similar))
        else:
            out.append("closest overall sound")
    return out
