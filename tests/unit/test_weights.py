"""Feature-group weights (engine.recommend.weights)."""

from __future__ import annotations

import numpy as np
import pytest

from engine.analysis.features import FEATURE_GROUPS, FEATURE_NAMES
from engine.errors import ParameterError
from engine.recommend.reasons import ReasonWriter, reason_for
from engine.recommend.weights import GROUP_SHARES, feature_weights
from tests.unit.test_cluster_neighbours import typical_scaler


def test_every_group_gets_its_share_whatever_its_size_and_the_scale_is_kept() -> None:
    w = feature_weights(FEATURE_NAMES, "groups")
    d = len(FEATURE_NAMES)
    assert np.isclose((w**2).sum(), d)
    want = {g: GROUP_SHARES.get(g, 1.0) for g in FEATURE_GROUPS}
    total = sum(want.values())
    for group, members in FEATURE_GROUPS.items():
        got = sum(w[FEATURE_NAMES.index(n)] ** 2 for n in members)
        assert got == pytest.approx(d * want[group] / total), group
    # The 3 loudness features together count as much as timbre's 49.
    assert w[FEATURE_NAMES.index("loudness_lufs")] == pytest.approx(
        np.sqrt(len(FEATURE_GROUPS["timbre"]) / 3) * w[FEATURE_NAMES.index("mfcc_mean_00")]
    )
    assert np.array_equal(feature_weights(FEATURE_NAMES, "none"), np.ones(d))
    with pytest.raises(ParameterError, match="weighting"):
        feature_weights(FEATURE_NAMES, "heavy")


def test_other_shares_are_honoured_and_unlisted_groups_count_one() -> None:
    d = len(FEATURE_NAMES)
    w = feature_weights(FEATURE_NAMES, shares={"tempo": 2.0})
    total = len(FEATURE_GROUPS) + 1.0
    for group, members in FEATURE_GROUPS.items():
        got = sum(w[FEATURE_NAMES.index(n)] ** 2 for n in members)
        assert got == pytest.approx(d * (2.0 if group == "tempo" else 1.0) / total), group


def test_reasons_of_weighted_vectors_equal_those_of_unweighted(rng) -> None:
    w = feature_weights(FEATURE_NAMES)
    z = rng.normal(size=(40, len(FEATURE_NAMES)))
    z[20:] = z[:20] + rng.normal(scale=0.4, size=(20, len(FEATURE_NAMES)))
    picked = [rng.choice(40, size=5, replace=False) for _ in range(40)]
    mean, std = typical_scaler()
    # As the job folds them: z * w under the scaler (mean, std / w) holds the same raw values.
    got = ReasonWriter(FEATURE_NAMES, w, scaler=(mean, std / w))(z * w, z * w, picked)
    want = [
        [reason_for(z[i], z[j], FEATURE_NAMES, scaler=(mean, std)) for j in p]
        for i, p in enumerate(picked)
    ]
    assert got == want
    assert any(t.code == "both" for row in got for t in row)
