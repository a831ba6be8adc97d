"""Names for the Mixes view, from what sets each k-means centroid apart.

A centroid lives in standardised space, so each coordinate says how far the cluster's average
track sits from the library's average, in standard deviations. A few perceptual axes are read off
named features (brightness from the spectral centroid/rolloff, pace from tempo, energy from RMS
and loudness, ...); the two strongest axes give the words ("Bright · Fast", "Calm · Warm"), and
the most common genre tag of the members leads when most members share it ("Jazz · Calm").
Names are unique within a run: a clash takes the next axis's word, then a number. A name is a
``mix`` :class:`~engine.phrases.Phrase` (its words are codes, the genre is tag text), so the
window can word it in the listener's language.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from engine.phrase_english import english
from engine.phrases import Phrase, phrase
from engine.recommend.reasons import group_of

# An axis below this |mean z| does not describe the cluster.
MIN_STRENGTH = 0.3
WORDS_PER_NAME = 2
# The genre leads the name when at least this share of the members with a genre carry it.
GENRE_SHARE = 0.4
FALLBACK = "balanced"


@dataclass(frozen=True, slots=True)
class Axis:
    high: str  # the word (engine.phrases.MIX_WORDS) when the centroid is above the mean
    low: str
    features: tuple[str, ...]  # exact feature names of the analysis layout
    group: str  # reason group used when none of ``features`` is present (other layouts)


AXES: tuple[Axis, ...] = (
    Axis(
        "bright",
        "warm",
        ("spectral_centroid_mean", "spectral_rolloff_mean", "spectral_bandwidth_mean"),
        "timbre",
    ),
    Axis("fast", "slow", ("tempo",), "tempo"),
    Axis("loud", "calm", ("rms_mean", "loudness_lufs"), "loudness"),
    Axis("dynamic", "steady", ("rms_std",), ""),
    Axis("percussive", "smooth", ("onset_strength_mean",), ""),
    Axis("gritty", "clean", ("spectral_flatness_mean", "zcr_mean"), ""),
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
) -> dict[int, Phrase]:
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
        ``cluster -> name``, a ``mix`` phrase.
    """
    genres = genres or {}
    taken: set[str] = set()  # the names' English words: what must differ is what is shown
    out: dict[int, Phrase] = {}
    order = sorted(range(centroids.shape[0]), key=lambda c: (-sizes.get(c, 0), c))
    for cluster in order:
        words = [w for s, w in axis_scores(centroids[cluster], names) if s >= MIN_STRENGTH]
        genre = dominant_genre(genres.get(cluster, Counter()))
        base = words[:WORDS_PER_NAME] or [FALLBACK]
        name = _mix_name(base, genre)
        extra = WORDS_PER_NAME
        while english(name) in taken and extra < len(words):
            base = [*base, words[extra]]
            extra += 1
            name = _mix_name(base, genre)
        number = 2
        while english(name) in taken:
            name = _mix_name(base, genre, number)
            number += 1
        taken.add(english(name))
        out[cluster] = name
    return out


def _mix_name(words: list[str], genre: str | None, number: int | None = None) -> Phrase:
    return phrase("mix", *(phrase(f"word_{w}") for w in words), genre=genre, number=number)
