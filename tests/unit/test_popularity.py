"""Popularity is decayed listening history, and nothing without history."""

from __future__ import annotations

import pytest

from engine.errors import ParameterError
from engine.events.wire import PlayEvent
from engine.recommend.popularity import DAY, popularity_scores, ranked

NOW = 1_800_000_000.0


def ev(track: str, kind: str, age_days: float = 0.0, **extra) -> PlayEvent:
    return PlayEvent(
        track_id=track, type=kind, device_id="dev", timestamp=NOW - age_days * DAY, **extra
    )


def test_no_events_means_no_scores() -> None:
    assert popularity_scores([], now=NOW) == {}
    assert popularity_scores([ev("a", "pause"), ev("a", "seek")], now=NOW) == {}


def test_completed_and_liked_beat_merely_started() -> None:
    events = [ev("a", "play"), ev("b", "play"), ev("b", "complete"), ev("c", "like")]
    scores = popularity_scores(events, now=NOW)
    assert scores["c"] > scores["b"] > scores["a"] > 0


def test_an_unlike_takes_back_its_like() -> None:
    scores = popularity_scores(
        [ev("a", "play"), ev("a", "like"), ev("a", "unlike"), ev("b", "play")], now=NOW
    )
    assert scores["a"] == pytest.approx(scores["b"])


def test_skips_count_against_a_song_late_skips_less() -> None:
    events = [
        ev("early", "play"),
        ev("early", "skip", position=10, duration=200),
        ev("late", "play"),
        ev("late", "skip", position=190, duration=200),
    ]
    scores = popularity_scores(events, now=NOW)
    assert scores["early"] <= 0 < scores["late"]
    assert [tid for tid, _ in ranked(scores)] == ["late"]


def test_weight_halves_every_half_life() -> None:
    fresh = popularity_scores([ev("a", "play")], now=NOW, half_life_days=10)["a"]
    old = popularity_scores([ev("a", "play", age_days=10)], now=NOW, half_life_days=10)["a"]
    older = popularity_scores([ev("a", "play", age_days=20)], now=NOW, half_life_days=10)["a"]
    assert old == pytest.approx(fresh / 2)
    assert older == pytest.approx(fresh / 4)


def test_recent_favourite_overtakes_old_one() -> None:
    events = [ev("old", "complete", age_days=120) for _ in range(5)]
    events += [ev("new", "complete", age_days=1) for _ in range(2)]
    assert ranked(popularity_scores(events, now=NOW))[0][0] == "new"


def test_future_timestamps_are_not_amplified() -> None:
    scores = popularity_scores([ev("a", "play", age_days=-5)], now=NOW)
    assert scores["a"] == pytest.approx(1.0)


def test_redelivered_event_counts_once() -> None:
    once = ev("a", "complete")
    assert popularity_scores([once, once], now=NOW) == popularity_scores([once], now=NOW)


def test_ranked_limit_and_stable_ties() -> None:
    scores = {"b": 1.0, "a": 1.0, "c": 2.0, "d": -1.0}
    assert ranked(scores) == [("c", 2.0), ("a", 1.0), ("b", 1.0)]
    assert ranked(scores, limit=1) == [("c", 2.0)]


def test_bad_half_life_is_rejected() -> None:
    with pytest.raises(ParameterError, match="half_life_days"):
        popularity_scores([], now=NOW, half_life_days=0)
