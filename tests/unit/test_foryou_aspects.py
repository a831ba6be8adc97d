"""For you's final order: likeness aspect by aspect, and loved songs among a song's neighbours."""

from __future__ import annotations

import numpy as np
import pytest

from engine.analysis.features import FEATURE_GROUPS
from engine.events.wire import PlayEvent
from engine.models import Track
from engine.recommend.aspects import LIKENESS_FLOOR, Aspects
from engine.recommend.centrality import Hubness
from engine.recommend.foryou import for_you
from engine.recommend.score import similarity
from engine.recommend.taste import Taste

NOW = 1_800_000_000.0
# Eight timbre features and four of tempo: two aspects of unequal size.
NAMES = (*FEATURE_GROUPS["timbre"][:8], *FEATURE_GROUPS["tempo"][:4])
TIMBRE, TEMPO = slice(0, 8), slice(8, 12)


def test_one_aspect_far_off_does_not_outweigh_the_others_agreeing(
    rng: np.random.Generator,
) -> None:
    library = rng.normal(size=(60, len(NAMES)))
    loved = np.zeros(len(NAMES))
    # The same timbre with the tempo far off (a tempo estimate gone wrong), and a song a
    # little off in every feature.
    one_off = loved.copy()
    one_off[TEMPO] = 3.0
    everywhere = np.full(len(NAMES), 1.5)
    space = np.vstack([library, loved, one_off, everywhere])
    euclid = ((space[-2:] - loved) ** 2).sum(1)
    assert euclid[0] > euclid[1]  # one distance over every feature: the far tempo decides
    aspects = Aspects(space, NAMES)
    likeness = aspects.likeness(np.array([61, 62]), np.array([60]))[:, 0]
    assert likeness[0] > likeness[1]
    assert ((likeness > 0) & (likeness <= 1)).all()


def test_one_group_is_the_hub_corrected_likeness(rng: np.random.Generator) -> None:
    space = rng.normal(size=(50, 6))
    aspects = Aspects(space, ())  # no names: every column one group
    spread = space.var(axis=0).sum()
    hubs = Hubness(space * np.sqrt(6 / spread))
    rows, cols = np.arange(10), np.arange(10, 20)
    d2 = ((space[rows, None, :] - space[None, cols, :]) ** 2).sum(2)
    expected = similarity(d2 / spread) - hubs.half_excess(rows)[:, None]
    expected -= hubs.half_excess(cols)[None, :]
    assert np.allclose(aspects.likeness(rows, cols), np.clip(expected, LIKENESS_FLOOR, 1.0))


def test_the_threshold_is_the_tenth_nearest_other_song(rng: np.random.Generator) -> None:
    space = rng.normal(size=(40, len(NAMES)))
    aspects = Aspects(space, NAMES)
    every = np.arange(40)
    sims = aspects.likeness(every, every)
    np.fill_diagonal(sims, -np.inf)
    assert np.allclose(aspects.threshold(every), np.sort(sims, axis=1)[:, -10])
    assert np.allclose(
        aspects.threshold(np.array([3, 3, 7])), np.sort(sims, axis=1)[[3, 3, 7], -10]
    )


def test_a_listener_of_one_sound_gets_the_rest_of_it_in_order(rng: np.random.Generator) -> None:
    """Three sounds of 12 songs; the listener finished 4 of one: its 8 others come first, and
    the scores are on the similarity scale, best first."""
    means = np.zeros((3, len(NAMES)))
    means[0, TIMBRE], means[1, TEMPO], means[2, :] = 2.0, 2.0, -1.5
    space = np.vstack([m + rng.normal(scale=0.7, size=(12, len(NAMES))) for m in means])
    ids = [f"s{b}-{i:02d}" for b in range(3) for i in range(12)]
    events = [
        PlayEvent(t, "complete", "me", position=200, duration=200, timestamp=NOW - 86400)
        for t in ids[:4]
    ]
    taste = Taste.build(ids, space, events, now=NOW, names=NAMES)
    tracks = {t: Track(t, f"/m/{t}.ogg", t) for t in ids}
    found = for_you(taste, tracks, now=NOW, k=10, fresh_days=30)
    assert {s.track_id for s in found[:8]} == set(ids[4:12])
    scores = [s.score for s in found]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < s <= 1 for s in scores)
    assert found[0].score == pytest.approx(max(scores))
