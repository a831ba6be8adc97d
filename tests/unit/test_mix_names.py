"""Mix names (engine/recommend/naming.py): the shared genre leads, in one spelling."""

from __future__ import annotations

from collections import Counter

import numpy as np

from engine.phrase_english import english
from engine.recommend.naming import dominant_genre, name_clusters

NAMES = ["tempo", "rms_mean"]


def test_genres_differing_in_case_are_one_genre_with_a_capital() -> None:
    # Alone neither spelling is 40 % of the tags; together they are.
    tags = Counter({"soundtrack": 3, "Soundtrack": 2, "Rock": 3, "Jazz": 3, "Pop": 1})
    assert dominant_genre(tags) == "Soundtrack"
    assert dominant_genre(Counter({"electronic": 5, " ": 9})) == "Electronic"
    assert dominant_genre(Counter({"Rock": 1, "Jazz": 1, "Pop": 1})) is None
    assert dominant_genre(Counter()) is None


def test_two_mixes_of_one_genre_name_it_alike() -> None:
    centroids = np.array([[2.0, 0.1], [-2.0, 0.1]])
    names = name_clusters(
        centroids,
        NAMES,
        sizes={0: 10, 1: 8},
        genres={0: Counter({"Soundtrack": 10}), 1: Counter({"soundtrack": 8})},
    )
    assert {i: english(name) for i, name in names.items()} == {
        0: "Soundtrack · Fast",
        1: "Soundtrack · Slow",
    }
