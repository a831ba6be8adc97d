"""For you's score of a candidate from its likeness to the loved songs of one taste centre."""

from __future__ import annotations

import numpy as np
import pytest

from engine.recommend.near_members import soft_nearest


def test_between_the_weighted_mean_and_the_best_likeness(rng: np.random.Generator) -> None:
    sims = rng.uniform(0.05, 1.0, size=(50, 7))
    weights = rng.uniform(0.5, 8.0, size=7)
    scores = soft_nearest(sims, weights)
    assert (scores <= sims.max(1) + 1e-12).all()
    assert (scores >= sims @ (weights / weights.sum()) - 1e-12).all()


def test_one_near_loved_song_scores_about_its_likeness() -> None:
    sims = np.array([[0.9, 0.1, 0.1, 0.1]])
    assert soft_nearest(sims, np.ones(4))[0] == pytest.approx(0.9 - np.log(4) / 16, abs=1e-3)


def test_several_near_loved_songs_beat_one_and_often_played_ones_weigh_more() -> None:
    sims = np.array(
        [
            [0.8, 0.8, 0.2],  # near two loved songs
            [0.8, 0.2, 0.2],  # near one
            [0.2, 0.2, 0.8],  # near the one played most
        ]
    )
    scores = soft_nearest(sims, np.array([1.0, 1.0, 6.0]))
    assert scores[0] > scores[1]
    assert scores[2] > scores[0]


def test_no_overflow_on_the_similarity_scale() -> None:
    scores = soft_nearest(np.full((2, 3), 1.0), np.array([1e-9, 1.0, 1e9]))
    assert np.isfinite(scores).all() and scores == pytest.approx(1.0)
