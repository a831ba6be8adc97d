"""Why two tracks were matched: :class:`ReasonWriter`, the one rule every path uses.

A reason names concrete traits both songs share (:mod:`engine.recommend.traits`); when none is
worth naming it falls back to the feature groups (timbre, harmony, tempo, loudness) that agree.
Group closeness is judged on *standardised*, unweighted vectors, so "close" has one meaning
everywhere: for two tracks drawn at random from the library, the squared difference of one
standardised dimension averages 2. A group whose mean squared difference is well under that
is worth naming.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

import numpy as np

from engine.errors import ParameterError
from engine.phrases import NO_REASON, Phrase, phrase
from engine.recommend.ranks import stable_ranks
from engine.recommend.traits import TraitReader

# The groups a listener understands, in the order they are named when equally close.
REASON_GROUPS: tuple[str, ...] = ("timbre", "harmony", "tempo", "loudness")

# Mean squared z-score difference below which a group counts as "similar". Random pairs
# average 2.0; 0.8 keeps roughly the closest third of pairs for a Gaussian feature.
SIMILAR_BELOW = 0.8
# The reason when no group or trait is close enough to name.
CLOSEST = phrase("closest_overall")
# Up to this many groups are named; more reads like "similar everything".
MAX_NAMED = 2
# The code each group is named by: the tempo group is the pulse's rate, its strength and the
# tempogram's shape — a rhythm, which two songs can share at tempi a listener would not call
# the same (a BPM match is a trait of its own).
GROUP_CODES: dict[str, str] = {
    "timbre": "timbre",
    "harmony": "harmony",
    "tempo": "rhythm",
    "loudness": "loudness",
}

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


def reason_for(
    query: np.ndarray,
    candidate: np.ndarray,
    names: Sequence[str],
    *,
    scaler: tuple[np.ndarray, np.ndarray] | None = None,
) -> Phrase:
    """The reason for one pair: :class:`ReasonWriter`'s rule, one call.

    Parameters
    ----------
    query, candidate : np.ndarray, shape (n_features,)
        Standardised (z-score) feature vectors.
    names : sequence of str, length n_features
        Feature names, mapped to groups by the analysis module's ``FEATURE_GROUPS``.
    scaler : (mean, std), optional
        The scaler that produced the z-scores; without it only the group wording is possible.

    Returns
    -------
    Phrase
        e.g. ``both(shared_bpm{bpm=128}, bright)``, ``similar(timbre, rhythm)``,
        ``closest_overall``; :data:`~engine.phrases.NO_REASON` when no column belongs to a
        reason group.
    """
    return reasons_for(query, np.atleast_2d(candidate), names, scaler=scaler)[0]


def reasons_for(
    query: np.ndarray,
    candidates: np.ndarray,
    names: Sequence[str],
    *,
    scaler: tuple[np.ndarray, np.ndarray] | None = None,
) -> list[Phrase]:
    """:func:`reason_for` of one query against many candidates.

    Parameters
    ----------
    query : np.ndarray, shape (n_features,)
    candidates : np.ndarray, shape (m, n_features)
        Standardised vectors in the layout ``names``.
    names : sequence of str, length n_features
    scaler : (mean, std), optional

    Returns
    -------
    list of Phrase, length m
    """
    q = np.asarray(query, dtype=np.float64)
    c = np.atleast_2d(np.asarray(candidates, dtype=np.float64))
    if q.shape != (len(names),) or c.shape[1] != len(names):
        raise ParameterError(
            f"reasons_for: vectors of shape {q.shape} and {c.shape} do not match "
            f"{len(names)} feature names"
        )
    rows = np.arange(c.shape[0])
    return ReasonWriter(names, scaler=scaler)(q[None, :], c, [rows])[0]


class ReasonWriter:
    """The one rule for every reason (stored by training, first pass, on the fly).

    Concrete shared traits first (:mod:`engine.recommend.traits`: "both around 128 BPM and
    bright"), read from the unweighted feature values that the scaler recovers from the
    z-scores; when no trait is worth naming, the feature groups that agree ("similar timbre"),
    and "closest overall sound" when none does. Vectorised over a whole chunk of neighbour
    lists: at 100k tracks × 20 neighbours a per-pair call dominated.

    Parameters
    ----------
    names : sequence of str, length d
    weights : np.ndarray, shape (d,), optional
        Feature weights folded into the scaler (:mod:`engine.recommend.weights`); undone here.
    scaler : (mean, std), each shape (d,), optional
        What produced the z-scores (``z = (x - mean) / std``). Without it only the group
        wording is possible.
    """

    def __init__(
        self,
        names: Sequence[str],
        weights: np.ndarray | None = None,
        *,
        scaler: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> None:
        groups = group_indices(tuple(names))
        w = np.ones(len(names)) if weights is None else np.asarray(weights, dtype=np.float64)
        # Group closeness speaks of unweighted z-scores: squared differences are divided by w².
        self.unweight = 1.0 / w**2
        self.present = [g for g in REASON_GROUPS if g in groups]
        self.columns = [groups[g] for g in self.present]
        self.text: dict[int, Phrase] = {0: CLOSEST}
        for mask in range(1, 1 << len(self.present)):
            named = [g for i, g in enumerate(self.present) if mask >> i & 1]
            self.text[mask] = phrase("similar", *(phrase(GROUP_CODES[g]) for g in named))
        self._texts = np.empty(len(self.text), dtype=object)
        self._texts[:] = [self.text[m] for m in range(len(self.text))]
        # Each group's mean unweighted squared difference as one matrix product: column g
        # holds 1 / (w² · group size) on the group's features.
        self._group_mean = np.zeros((len(names), len(self.present)))
        for g, cols in enumerate(self.columns):
            self._group_mean[cols, g] = self.unweight[cols] / len(cols)
        self.raw: tuple[np.ndarray, np.ndarray] | None = None
        self.traits: TraitReader | None = None
        self._trait_cols = np.zeros(0, dtype=np.int64)
        if scaler is not None:
            mean = np.asarray(scaler[0], dtype=np.float64)
            std = np.asarray(scaler[1], dtype=np.float64)
            reader = TraitReader(names, mean, std * w)
            if reader.usable and mean.shape == std.shape == (len(names),):
                # Traits read a few of the features: only those are turned back into values.
                cols = np.array(sorted(reader.col.values()), dtype=np.int64)
                self._trait_cols = cols
                self.raw = (mean[cols], std[cols])
                self.traits = TraitReader([names[i] for i in cols], mean[cols], (std * w)[cols])

    def __call__(
        self, queries: np.ndarray, z: np.ndarray, picked: list[np.ndarray]
    ) -> list[list[Phrase]]:
        """Reasons for ``z[picked[i]]`` as neighbours of ``queries[i]``.

        Parameters
        ----------
        queries : np.ndarray, shape (c, d)
        z : np.ndarray, shape (m, d)
            Standardised vectors the picks index into.
        picked : list of c int arrays
        """
        if not self.present:
            return [[NO_REASON] * len(p) for p in picked]
        queries = np.asarray(queries, dtype=np.float64)
        by_length: dict[int, list[int]] = {}
        for row, chosen in enumerate(picked):
            by_length.setdefault(len(chosen), []).append(row)
        if len(by_length) == 1 and 0 not in by_length:
            # The common case (every list full): one pass over the whole chunk.
            # np.take copies the rows in half the time of z[idx] (the same values).
            return self._chunk(queries, np.take(z, np.stack(picked), axis=0))
        # One pass per list length: a pass costs milliseconds whatever its size.
        out: list[list[Phrase]] = [[] for _ in picked]
        for length, rows in by_length.items():
            if length == 0:
                continue
            texts = self._chunk(
                queries[rows], np.take(z, np.stack([picked[r] for r in rows]), axis=0)
            )
            for row, text in zip(rows, texts, strict=True):
                out[row] = text
        return out

    def _chunk(self, queries: np.ndarray, cands: np.ndarray) -> list[list[Phrase]]:
        """queries (c, d), cands (c, n, d) -> c lists of n reasons."""
        diff = cands - queries[:, None, :]
        if not np.isfinite(diff).all():
            np.nan_to_num(diff, copy=False, nan=0.0, posinf=0.0, neginf=0.0)
        diff *= diff
        table = diff @ self._group_mean  # (c, n, groups)
        rank = stable_ranks(table, axis=2)
        named = (rank < MAX_NAMED) & (table < SIMILAR_BELOW)
        masks = (named * (1 << np.arange(len(self.present)))).sum(axis=2)
        groups = self._texts[masks]  # (c, n) of phrases, one lookup per pair in numpy
        if self.traits is None or self.raw is None:
            return groups.tolist()
        mean, std = self.raw
        cols = self._trait_cols
        concrete, named = self.traits.phrase_table(
            queries[:, cols] * std + mean, cands[..., cols] * std + mean
        )
        return np.where(named, concrete, groups).tolist()
