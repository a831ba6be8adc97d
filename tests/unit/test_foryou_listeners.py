"""The For you bench's simulated listeners are what issue 12 says, and its metrics are right."""

from __future__ import annotations

import math

import pytest

from bench.foryou_listeners import HABITS, ListScore, score_list, simulate, summarise

NOW = 1_800_000_000.0


def library() -> tuple[dict[str, list[tuple[str, ...]]], list[tuple[str, ...]]]:
    """Six albums of 6 songs; album 0's songs also exist as a second file (a clip)."""
    albums = {
        f"album-{a}": [
            (f"a{a}s{s}", f"a{a}s{s}-clip") if a == 0 else (f"a{a}s{s}",) for s in range(6)
        ]
        for a in range(6)
    }
    albums["tiny"] = [("t0",), ("t1",)]  # too small to be a favourite
    return albums, sorted(s for songs in albums.values() for s in songs)


@pytest.mark.parametrize("habit", sorted(HABITS))
def test_favourites_half_played_the_rest_never_the_targets(habit: str) -> None:
    albums, songs = library()
    album_of = {f: a for a, ss in albums.items() for s in ss for f in s}
    rule = HABITS[habit]
    for me in simulate(albums, songs, rule, 30, seed=3, now=NOW):
        completes = [e for e in me.events if e.type == "complete"]
        skips = [e for e in me.events if e.type == "skip"]
        assert all(e.position / e.duration < 0.3 for e in skips)  # skipped at once
        assert len(skips) == rule.skipped_songs
        favourite = {album_of[e.track_id] for e in completes}
        assert len(favourite) == rule.favourite_albums and "tiny" not in favourite
        for album in favourite:
            played = {e.track_id for e in completes if album_of[e.track_id] == album}
            assert len(played) == 3  # half of six songs, each played to the end ...
        for tid in {e.track_id for e in completes}:
            assert sum(e.track_id == tid for e in completes) == rule.plays_per_song
        assert all(NOW - e.timestamp <= rule.over_days * 86400 for e in me.events)
        # ... the rest (both files of a song) are the targets, never started.
        assert {album_of[t] for t in me.targets} == favourite
        assert len(me.targets) == sum(6 * (2 if a == "album-0" else 1) for a in favourite) // 2
        assert not me.targets & me.played
        assert {e.track_id for e in me.events} <= me.played
        assert not {album_of[e.track_id] for e in skips} & favourite
        assert [e.timestamp for e in me.events] == sorted(e.timestamp for e in me.events)


def test_the_same_seed_gives_the_same_listeners() -> None:
    albums, songs = library()
    first = simulate(albums, songs, HABITS["regular"], 5, seed=1, now=NOW)
    again = simulate(albums, songs, HABITS["regular"], 5, seed=1, now=NOW)
    assert [(m.played, m.targets) for m in first] == [(m.played, m.targets) for m in again]


def test_hits_trials_and_ndcg_by_hand() -> None:
    targets = frozenset({"x", "y"})
    same = {"x": ("x", "x-clip"), "x-clip": ("x", "x-clip")}
    assert score_list(["a", "b"], targets, same) == ListScore(hits=0, trials=2, ndcg=0.0)
    ideal = 1 + 1 / math.log2(3)
    both = score_list(["x", "y"], targets, same)
    assert (both.hits, both.trials, both.any_hit) == (2, 2, 1.0)
    assert both.ndcg == pytest.approx(1.0)
    # A hit at rank 3 only; a second file of the same song is not a second hit (nor a trial).
    third = score_list(["a", "b", "x", "x-clip"], targets | {"x-clip"}, same)
    assert (third.hits, third.trials, third.any_hit) == (1, 2, 1.0)
    assert third.ndcg == pytest.approx((1 / math.log2(4)) / ideal)
    # Only the first 10 count.
    late = score_list([f"n{i}" for i in range(10)] + ["x"], targets, same)
    assert (late.hits, late.ndcg) == (0, 0.0)


def test_trials_are_capped_at_what_a_list_of_ten_can_hold() -> None:
    targets = frozenset(f"t{i}" for i in range(14))
    perfect = score_list(sorted(targets), targets, {})
    assert (perfect.hits, perfect.trials) == (10, 10)
    assert perfect.ndcg == pytest.approx(1.0)


def test_hit_rate_counts_each_target_the_listener_rate_only_any() -> None:
    # Listener A: 1 of 4 targets found; B: 3 of 6; C: none of 2.
    lists = [ListScore(1, 4, 0.2), ListScore(3, 6, 0.5), ListScore(0, 2, 0.0)]
    summary = summarise(lists)
    assert summary.hit_rate == pytest.approx(4 / 12)
    assert summary.listener_hit_rate == pytest.approx(2 / 3)
    assert summary.ndcg == pytest.approx(0.7 / 3)


def test_finding_more_targets_raises_the_hit_rate_not_the_listener_rate() -> None:
    targets = frozenset(f"t{i}" for i in range(8))
    one = [score_list(["t0"] + [f"n{i}" for i in range(9)], targets, {})] * 5
    five = [score_list([f"t{i}" for i in range(5)] + [f"n{i}" for i in range(5)], targets, {})] * 5
    assert summarise(one).listener_hit_rate == summarise(five).listener_hit_rate == 1.0
    assert summarise(one).hit_rate == pytest.approx(1 / 8)
    assert summarise(five).hit_rate == pytest.approx(5 / 8)


def test_no_lists_summarise_to_zero() -> None:
    summary = summarise([])
    assert (summary.hit_rate, summary.listener_hit_rate, summary.ndcg) == (0.0, 0.0, 0.0)
