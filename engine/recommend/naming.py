"""Names for the Mixes view, from what sets each k-means centroid apart.

A centroid lives in standardised space, so each coordinate says how far the cluster's average
track sits from the library's average, in standard deviations. A few perceptual axes are read off
named features (brightness from the spectral centroid/rolloff, pace from tempo, energy from RMS
and loudness, ...); the two strongest axes give the words ("Bright · Fast", "Calm · Warm"), and
the most common genre tag of the members leads when most members share it ("Jazz · Calm").
Names are unique within a run: a clash takes the next axis's word, then a number.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from engine.recommend.reasons import group_of

# An axis below this |mean z| does not describe the cluster.
MIN_STRENGTH = 0.3
WORDS_PER_NAME = 2
# The genre leads the name when at least this share of the members with a genre carry it.
GENRE_SHARE = 0.4
SEPARATOR = " · "
FALLBACK = "Balanced"


@dataclass(frozen=True, slots=True)
class Axis:
    high: str
    low: str
    features: tuple[str, ...]  # exact feature names of the analysis layout
    group: str  # reason group used when none of ``features`` is present (other layouts)


AXES: tuple[Axis, ...] = (
    Axis(
        "Bright",
        "Warm",
        ("spectral_centroid_mean", "spectral_rolloff_mean", "spectral_bandwidth_mean"),
        "timbre",
    ),
    Axis("Fast", "Slow", ("tempo",), "tempo"),
    Axis("Loud", "Calm", ("rms_mean", "loudness_lufs"), "loudness"),
    Axis("Dynamic", "Steady", ("rms_std",), ""),
    Axis("Percussive", "Smooth", ("onset_strength_mean",), ""),
    Axis("Gritty", "Clean", ("spectral_flatness_mean", "zcr_mean"), ""),
)


def axis_scores(centroid: np.ndarray, names: Sequence[str]) -> list[tuple[float, str]]:
    """Signed strength and word of each axis present in ``names``, strongest first.

    Parameters
    ----------
    centroid : np.ndarray, shape (d,)
        A centroid in standardised space.
    names : sequence of str, length d

    Returns
    -------
    list of (abs strength, word)
    """
    index = {name: i for i, name in enumerate(names)}
    groups = [group_of(name) for name in names]
    found: list[tuple[float, str]] = []
    for axis in AXES:
        cols = [index[f] for f in axis.features if f in index]
        if not cols and axis.group:
            cols = [i for i, g in enumerate(groups) if g == axis.group]
        if not cols:
            continue
        strength = float(np.mean(centroid[cols]))
        found.append((abs(strength), axis.high if strength > 0 else axis.low))
    found.sort(key=lambda item: -item[0])
    return found


def dominant_genre(genres: Counter[str]) -> str | None:
    """The members' most common genre when it is shared widely enough, else ``None``.

    Tags differing in case only are one genre ("soundtrack" and "Soundtrack"), named by its
    most common spelling with a capital first letter, like the other words of a name.
    """
    counts: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    for tag, count in genres.items():
        text = " ".join(tag.split())
        if text:
            counts[text.casefold()] += count
            spellings.setdefault(text.casefold(), Counter())[text] += count
    if not counts:
        return None
    key, count = max(counts.items(), key=lambda item: (item[1], item[0]))
    if count < GENRE_SHARE * sum(counts.values()):
        return None
    spelling = max(spellings[key].items(), key=lambda item: (item[1], item[0]))[0]
    return spelling[:1].upper() + spelling[1:]


def name_clusters(
    centroids: np.ndarray,
    names: Sequence[str],
    *,
    sizes: Mapping[int, int],
    genres: Mapping[int, Counter[str]] | None = None,
) -> dict[int, str]:
    """A unique, readable name per cluster.

    Parameters
    ----------
    centroids : np.ndarray, shape (k, d)
        Centroids in standardised space.
    names : sequence of str, length d
        Feature names.
    sizes : mapping
        ``cluster -> member count``; bigger clusters get the plain names first.
    genres : mapping, optional
        ``cluster -> Counter of member genre tags``.

    Returns
    -------
    dict
        ``cluster -> name``.
    """
    genres = genres or {}
    taken: set[str] = set()
    out: dict[int, str] = {}
    order = sorted(range(centroids.shape[0]), key=lambda c: (-sizes.get(c, 0), c))
    for cluster in order:
        words = [w for s, w in axis_scores(centroids[cluster], names) if s >= MIN_STRENGTH]
        genre = dominant_genre(genres.get(cluster, Counter()))
        lead = [genre] if genre else []
        base = words[:WORDS_PER_NAME] or [FALLBACK]
        name = SEPARATOR.join(lead + base)
        extra = WORDS_PER_NAME
        while name in taken and extra < len(words):
            base = [*base, words[extra]]
            extra += 1
            name = SEPARATOR.join(lead + base)
        if name in taken:
            stem, number = name, 2
            while f"{stem} {number}" in taken:
                number += 1
            name = f"{stem} {number}"
        taken.add(name)
        out[cluster] = name
    return out
