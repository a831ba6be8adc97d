"""How a listener's liked songs are grouped into taste centres: weighted k-means in the audio
space, with as many centres as each clearly lower the spread, over the songs that belong to a
taste; songs apart from every taste (one-off plays all over the library) are left out of the
grouping and given to their nearest centre afterwards.

Left in, such a song decides the grouping: k-means spends a centre on it (its distance to any
taste is the largest part of the spread, the more so when it is recent and weighs most), that
centre has one song, and no further centre is tried — a listener of four sounds who then
played a few random songs was regrouped into one or two centres (issue #12).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from engine.recommend.cluster_neighbours import squared_distances

MAX_CENTRES = 6
# A further centre is kept only when it lowers the weighted spread per degree of freedom this
# much: a split of one homogeneous taste lowers it a little, two real tastes far more.
SPLIT_GAIN = 0.75
MIN_CENTRE_SONGS = 2
KMEANS_ITERATIONS = 25
# Liked songs nearer each other than this many times the usual distance from a liked song to
# the nearest other (the median, squared) are of one taste: songs of one sound are about
# equally near each other in a high-dimensional space, a song of another sound is tens of
# times farther.
LONE_SPREAD = 4.0
# A song with less than this share of the listener's affinity that near is in no taste (a few
# random songs, played once, that happen to sound alike): a centre of them would get under one
# song in 20 of the list, and their weight far from everything would decide the grouping.
MIN_TASTE_SHARE = 0.05
# Songs in no taste are set aside only while they hold less than this share of the affinity:
# a listener most of whose songs are in no taste listens broadly, and is grouped whole.
ONE_OFFS_AT_MOST = 0.5
# Rows of the liked songs' distance matrix computed at a time (a heavy listener's thousands).
_BLOCK = 2048


@dataclass(frozen=True, slots=True)
class Grouping:
    """Liked songs grouped: ``labels`` (n,) each song's centre, ``centres`` (k, d) the means of
    the grouped songs, ``lone`` (n,) the one-offs (labelled with their nearest centre, in no
    mean)."""

    labels: np.ndarray
    centres: np.ndarray
    lone: np.ndarray


def group_songs(x: np.ndarray, w: np.ndarray, *, seed: int) -> Grouping:
    """Group songs ``x`` (n, d) of affinity ``w`` (n,), positive: see the module."""
    lone = lone_songs(x, w)
    kept = np.flatnonzero(~lone)
    labels_kept, centres = choose_grouping(x[kept], w[kept], seed=seed)
    labels = squared_distances(x, centres).argmin(1)
    labels[kept] = labels_kept
    return Grouping(labels, centres, lone)


def lone_songs(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """(n,) bool: songs in no taste — those with less than :data:`MIN_TASTE_SHARE` of the
    affinity ``w`` (their own included) within :data:`LONE_SPREAD` times the median distance
    from a song to its nearest (squared), while they hold less than :data:`ONE_OFFS_AT_MOST`
    of it. Fewer than three songs have no usual distance."""
    n = len(x)
    if n < 3:
        return np.zeros(n, dtype=bool)
    # Single precision: only which side of a wide threshold a distance falls on matters.
    x32 = np.ascontiguousarray(x, dtype=np.float32)
    kept = list(_distance_blocks(x32)) if n <= _BLOCK else None
    nearest = np.concatenate([d2.min(1) for _, d2 in kept or _distance_blocks(x32)])
    radius2 = LONE_SPREAD * float(np.median(nearest))
    w32 = np.asarray(w, dtype=np.float32)
    near = np.empty(n)
    for start, d2 in kept or _distance_blocks(x32):
        near[start : start + len(d2)] = (d2 <= radius2).astype(np.float32) @ w32
    lone = near + w < MIN_TASTE_SHARE * float(w.sum())
    # One-offs are the few songs beside the tastes; a listener most of whose affinity is in
    # no taste of that share listens broadly, and all of it is grouped.
    if float(w[lone].sum()) >= ONE_OFFS_AT_MOST * float(w.sum()):
        return np.zeros(n, dtype=bool)
    return lone


def _distance_blocks(x: np.ndarray) -> Iterator[tuple[int, np.ndarray]]:
    """(start, squared distances of rows start.. to every row), a song's own at infinity."""
    norms = (x * x).sum(1)
    for start in range(0, len(x), _BLOCK):
        block = x[start : start + _BLOCK]
        d2 = norms[start : start + _BLOCK, None] + norms[None, :] - 2.0 * (block @ x.T)
        d2[np.arange(len(block)), np.arange(start, start + len(block))] = np.inf
        yield start, d2


def choose_grouping(x: np.ndarray, w: np.ndarray, *, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Labels (n,) and centres (k, d): the most centres that each clearly lower the spread."""
    labels, centres = np.zeros(len(x), dtype=int), (w[:, None] * x).sum(0, keepdims=True) / w.sum()
    spread = weighted_spread(x, w, labels, centres)
    for k in range(2, MAX_CENTRES + 1):
        if len(x) < k * MIN_CENTRE_SONGS:
            break
        new_labels, new_centres = weighted_kmeans(x, w, k, seed=seed)
        sizes = np.bincount(new_labels, minlength=k)
        new_spread = weighted_spread(x, w, new_labels, new_centres)
        # Spread per degree of freedom (songs less centres): k centres over n songs of one
        # taste leave about (n - k) / (n - 1) of the spread by chance alone, which for a new
        # listener's four songs is below SPLIT_GAIN, so a raw ratio split one album in two.
        per_dof, new_per_dof = spread / (len(x) - k + 1), new_spread / (len(x) - k)
        if sizes.min() < MIN_CENTRE_SONGS or new_per_dof > SPLIT_GAIN * per_dof:
            break
        labels, centres, spread = new_labels, new_centres, new_spread
    return labels, centres


def weighted_spread(x: np.ndarray, w: np.ndarray, labels: np.ndarray, centres: np.ndarray) -> float:
    """Σ w · |x - its centre|²."""
    return float((w * ((x - centres[labels]) ** 2).sum(1)).sum())


def weighted_kmeans(
    x: np.ndarray, w: np.ndarray, k: int, *, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Lloyd's k-means with per-point weights and k-means++ seeding (deterministic by ``seed``).

    Parameters
    ----------
    x : np.ndarray, shape (n, d)
    w : np.ndarray, shape (n,), positive
    k : int, 1 <= k <= n

    Returns
    -------
    labels : np.ndarray, shape (n,), int
    centres : np.ndarray, shape (k, d)
    """
    rng = np.random.default_rng(seed)
    first = int(np.argmax(w))
    centres = [x[first]]
    for _ in range(1, k):
        d2 = np.min([((x - c) ** 2).sum(1) for c in centres], axis=0) * w
        centres.append(x[int(rng.choice(len(x), p=d2 / d2.sum()))] if d2.sum() > 0 else x[0])
    c = np.array(centres)
    labels = np.zeros(len(x), dtype=int)
    for _ in range(KMEANS_ITERATIONS):
        d2 = ((x[:, None, :] - c[None, :, :]) ** 2).sum(2)
        new = np.argmin(d2, axis=1)
        for j in range(k):
            mine = new == j
            if mine.any():
                c[j] = (w[mine, None] * x[mine]).sum(0) / w[mine].sum()
        if np.array_equal(new, labels):
            break
        labels = new
    return labels, c
