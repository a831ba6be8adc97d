"""Training's batched list encoding and the reasons' distinct rows equal the one-at-a-time forms
they replaced."""

from __future__ import annotations

import json

import numpy as np
import pytest

from engine.phrases import phrase, to_wire
from engine.recommend.traits import distinct_rows
from engine.stored_list import list_text, list_texts, read_list


def test_list_texts_equal_list_text_for_each_list() -> None:
    rng = np.random.default_rng(3)
    reasons = [
        phrase("closest_overall"),
        phrase("similar", phrase("timbre"), phrase("rhythm")),
        phrase("both", phrase("shared_bpm", bpm=128)),
    ]
    ids_pool = [
        "a" * 32,
        "b\u00e9\u266b",
        'quote"back\\slash',
        "tab\tnewline\n",
        "\u0001ctl",
        "5%s%%",
    ]
    ids, scores, why = [], [], []
    for length in (0, 1, 5, 20, 20):
        ids.append([ids_pool[i] for i in rng.integers(len(ids_pool), size=length)])
        scores.append(rng.random(length).round(6).tolist())
        why.append([reasons[i] for i in rng.integers(len(reasons), size=length)])
    scores[1] = [1.0]
    scores[2][:3] = [0.0, 1e-7, 0.1]
    # Equal phrases that are distinct objects (the writer's tables and a decoded list's).
    why[4][0] = phrase("both", phrase("shared_bpm", bpm=128))
    got = list_texts(ids, scores, why)
    want = [
        list_text(o, s, [to_wire(r) for r in rs]) for o, s, rs in zip(ids, scores, why, strict=True)
    ]
    assert got == want
    assert [n.track_id for n in read_list(got[3], "t")] == ids[3]


def test_list_texts_refuse_lists_of_unequal_lengths() -> None:
    r = phrase("closest_overall")
    with pytest.raises(ValueError, match="lengths"):
        list_texts([["x", "y"], ["z"]], [[0.5], [0.5, 0.25]], [[r, r], [r]])


def test_list_texts_write_nonfinite_scores_as_json_does() -> None:
    r = phrase("closest_overall")
    got = list_texts([["x", "y"]], [[float("nan"), float("inf")]], [[r, r]])
    assert got == [list_text(["x", "y"], [float("nan"), float("inf")], [to_wire(r)] * 2)]
    assert json.loads(got[0])["phrases"][1][1] == float("inf")


def test_distinct_rows_match_numpy_unique() -> None:
    rng = np.random.default_rng(5)
    rows = rng.integers(-1, 3, size=(5000, 9)).astype(np.float64)
    distinct, inverse = distinct_rows(rows)
    want, _ = np.unique(rows, axis=0, return_inverse=True)
    assert distinct.shape == want.shape
    assert {tuple(r) for r in distinct.tolist()} == {tuple(r) for r in want.tolist()}
    assert np.array_equal(distinct[inverse], rows)
    assert len({tuple(r) for r in distinct.tolist()}) == distinct.shape[0]


def test_distinct_rows_of_nothing_and_of_one_row() -> None:
    distinct, inverse = distinct_rows(np.zeros((0, 4)))
    assert distinct.shape == (0, 4) and inverse.shape == (0,)
    distinct, inverse = distinct_rows(np.array([[1.0, -0.0], [1.0, 0.0]]))
    assert distinct.shape == (1, 2) and inverse.tolist() == [0, 0]
