"""The For you bench's account of its misses ranks each target song once, at its first file."""

from __future__ import annotations

from bench.foryou_misses import BEYOND, bucket, target_ranks


def test_each_target_song_at_its_first_rank_and_absent_ones_none() -> None:
    same = {"x": ("x", "x-clip"), "x-clip": ("x", "x-clip")}
    ranking = ["a", "x-clip", "b", "x", "y"]
    ranks = target_ranks(ranking, frozenset({"x", "x-clip", "y", "z"}), same)
    assert ranks == {("x", "x-clip"): 1, ("y",): 4, ("z",): None}


def test_buckets_by_rank() -> None:
    assert [bucket(r) for r in (0, 9, 10, 29, 30, 99, 100, None)] == [
        "1-10",
        "1-10",
        "11-30",
        "11-30",
        "31-100",
        "31-100",
        BEYOND,
        BEYOND,
    ]
