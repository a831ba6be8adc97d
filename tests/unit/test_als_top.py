"""Every listener's top songs from ALS factors (engine.recommend.als.top_unknown)."""

from __future__ import annotations

import numpy as np

from engine.recommend.als import top_unknown


def test_top_songs_are_the_best_scored_unknown_ones(rng: np.random.Generator) -> None:
    users = rng.normal(size=(250, 6)).astype(np.float32)  # more than one block of listeners
    items = rng.normal(size=(400, 6)).astype(np.float32)
    user = np.repeat(np.arange(250), 30)
    item = rng.integers(0, 400, size=user.size)
    order, scores = top_unknown(users, items, user, item, 20)
    full = users @ items.T
    for u in (0, 99, 100, 249):
        known = set(item[user == u].tolist())
        expected = [i for i in np.argsort(-full[u], kind="stable") if i not in known][:20]
        assert order[u].tolist() == expected
        np.testing.assert_allclose(scores[u], full[u, expected], rtol=1e-5)
        assert known.isdisjoint(order[u].tolist())


def test_a_listener_who_knows_almost_everything_gets_the_rest_then_nothing() -> None:
    users = np.array([[1.0], [1.0]], dtype=np.float32)
    items = np.array([[3.0], [2.0], [1.0]], dtype=np.float32)
    order, scores = top_unknown(users, items, np.array([0, 0, 1]), np.array([0, 1, 2]), 5)
    assert order.shape == (2, 3)
    assert order[0, 0] == 2 and scores[0, 0] == 1.0
    assert np.isneginf(scores[0, 1:]).all()  # the two known songs
    assert order[1, :2].tolist() == [0, 1] and np.isneginf(scores[1, 2])
