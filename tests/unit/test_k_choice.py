"""How training picks k for a small library (silhouette, but no handful of outliers as a mix)
and how many rows k-means is fitted on."""

from __future__ import annotations

import pytest

from engine.errors import ParameterError
from engine.recommend.clustering import choose_k, min_mix_size


def test_best_silhouette_wins_when_every_candidate_is_balanced() -> None:
    assert choose_k({3: 0.2, 4: 0.35, 6: 0.3}, {3: 20, 4: 15, 6: 10}, n=77) == 4


def test_a_candidate_with_an_outlier_cluster_loses_to_a_balanced_one() -> None:
    # 77 songs: k=3 scores best only because 2 odd songs got a cluster of their own.
    assert min_mix_size(77, 3) == 6
    assert choose_k({3: 0.21, 4: 0.19, 6: 0.18}, {3: 2, 4: 9, 6: 7}, n=77) == 4


def test_when_no_candidate_is_balanced_the_best_silhouette_still_wins() -> None:
    assert choose_k({3: 0.21, 4: 0.19}, {3: 1, 4: 2}, n=77) == 3


def test_floor_grows_with_the_even_share_and_never_drops_below_two() -> None:
    assert min_mix_size(10, 5) == 2
    assert min_mix_size(1000, 10) == 20


def test_no_candidates_is_a_parameter_error() -> None:
    with pytest.raises(ParameterError):
        choose_k({}, {}, n=10)


def test_k_means_is_fitted_on_a_sample_only_where_each_centre_gets_its_share() -> None:
    from engine.recommend.clustering import FIT_ROWS_PER_CENTRE, fit_rows, k_grid

    assert fit_rows(100_000, 64) == 64 * FIT_ROWS_PER_CENTRE < 100_000
    assert fit_rows(1_000_000, 64) == fit_rows(100_000, 64)  # the fit does not grow with n
    assert fit_rows(3_000, 64) == 3_000
    # Every library small enough for the silhouette search is fitted whole at each candidate.
    for n in (77, 1_000, 5_000):
        assert all(fit_rows(n, k) == n for k in k_grid(n))
