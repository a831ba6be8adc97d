"""Recommendation reasons name the feature groups in which two tracks agree."""

from __future__ import annotations

import numpy as np
import pytest

from engine.errors import ParameterError
from engine.phrase_english import english
from engine.recommend.reasons import group_distances, group_of, reason_for

NAMES = (
    *(f"mfcc_mean_{i:02d}" for i in range(6)),
    *(f"chroma_{i:02d}" for i in range(4)),
    "tempo",
    "rms_mean",
    "loudness_lufs",
    "clipping_ratio",
)


def _groups() -> dict[str, np.ndarray]:
    cols: dict[str, list[int]] = {}
    for i, name in enumerate(NAMES):
        cols.setdefault(group_of(name) or "", []).append(i)
    return {g: np.array(c) for g, c in cols.items()}


def test_names_map_to_groups() -> None:
    assert group_of("mfcc_std_03") == "timbre"
    assert group_of("chroma_11") == "harmony"
    assert group_of("tempo") == "tempo"
    assert group_of("loudness_lufs") == "loudness"
    assert group_of("clipping_ratio") == "quality"
    assert group_of("something_else") is None


def test_reason_names_the_groups_that_agree(rng: np.random.Generator) -> None:
    cols = _groups()
    query = rng.normal(size=len(NAMES))
    candidate = query + rng.normal(scale=3.0, size=len(NAMES))
    candidate[cols["timbre"]] = query[cols["timbre"]] + 0.05
    candidate[cols["tempo"]] = query[cols["tempo"]]
    assert english(reason_for(query, candidate, NAMES)) == "similar timbre and rhythm"


def test_reason_names_at_most_two_groups_in_fixed_order(rng: np.random.Generator) -> None:
    query = rng.normal(size=len(NAMES))
    cols = _groups()
    candidate = query.copy()
    candidate[cols["timbre"]] += 0.6  # close, but less close than harmony and loudness
    reason = english(reason_for(query, candidate, NAMES))
    assert reason == "similar harmony and rhythm"


def test_distant_tracks_get_a_neutral_reason(rng: np.random.Generator) -> None:
    query = np.zeros(len(NAMES))
    candidate = np.full(len(NAMES), 3.0)
    assert english(reason_for(query, candidate, NAMES)) == "closest overall sound"


def test_quality_figures_are_never_a_reason() -> None:
    query = np.full(len(NAMES), 3.0)
    candidate = np.zeros(len(NAMES))
    candidate[-1] = 3.0  # only clipping_ratio agrees
    assert "quality" not in english(reason_for(query, candidate, NAMES))
    assert "quality" not in group_distances(query, candidate, NAMES)


def test_nan_in_a_vector_does_not_propagate() -> None:
    query = np.zeros(len(NAMES))
    query[0] = np.nan
    assert english(reason_for(query, np.zeros(len(NAMES)), NAMES)).startswith("similar")


def test_shape_mismatch_is_a_clear_error() -> None:
    with pytest.raises(ParameterError, match="feature names"):
        reason_for(np.zeros(3), np.zeros(4), NAMES)


def test_batched_reasons_equal_single_ones(rng: np.random.Generator) -> None:
    from engine.recommend.reasons import reasons_for

    query = rng.normal(size=len(NAMES))
    candidates = query + rng.normal(
        scale=rng.uniform(0.1, 2.0, size=(200, 1)), size=(200, len(NAMES))
    )
    candidates[:5] = query  # ties between groups
    batched = reasons_for(query, candidates, NAMES)
    assert batched == [reason_for(query, c, NAMES) for c in candidates]
    assert len(set(batched)) > 3


def test_lists_of_different_lengths_get_the_reasons_each_would_alone(
    rng: np.random.Generator,
) -> None:
    from engine.recommend.reasons import ReasonWriter

    z = rng.normal(size=(60, len(NAMES)))
    picked = [rng.choice(60, size=size, replace=False) for size in (5, 0, 3, 5, 1)]
    writer = ReasonWriter(NAMES)
    together = writer(z[:5], z, picked)
    alone = [writer(z[i : i + 1], z, [p])[0] for i, p in enumerate(picked)]
    assert together == alone
    assert [len(r) for r in together] == [5, 0, 3, 5, 1]
