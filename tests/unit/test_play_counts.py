"""One play-count rule (engine.listening.counts_as_play) for the Plays column, Home and
popularity: a song counts once when heard past min(30 s, half of it), never for a start."""

from __future__ import annotations

import time
from collections.abc import Iterator

import numpy as np
import pytest

from bench.synthetic_library import SyntheticLibrary, fill_store, make_library
from engine import library_ops
from engine.context import Context, build_context
from engine.events.wire import PlayEvent
from engine.listening import counts_as_play, play_counts
from engine.recommend.popularity import popularity_scores

NOW = time.time() - 3600.0  # recorded events must not lie in the future


def ev(track: str, kind: str, position: float = 0.0, duration: float = 200.0) -> PlayEvent:
    return PlayEvent(track, kind, "dev", position=position, duration=duration, timestamp=NOW)


def test_a_play_counts_once_past_thirty_seconds_or_half_the_song() -> None:
    assert not counts_as_play(ev("a", "play"))
    assert not counts_as_play(ev("a", "skip", 1.0))
    assert counts_as_play(ev("a", "complete", 30.0))
    assert counts_as_play(ev("a", "complete", 12.0, duration=20.0))  # half of a short song
    assert not counts_as_play(ev("a", "complete", 12.0))  # a history file's early "complete"
    assert counts_as_play(ev("a", "complete", 0.0, duration=0.0))  # no position: its word


def test_two_quick_skips_are_no_plays_and_a_redelivery_counts_once() -> None:
    listen = ev("b", "complete", 200.0)
    events = [ev("a", "play"), ev("a", "skip", 1.0), ev("a", "play"), ev("a", "skip", 1.0)]
    events += [ev("b", "play"), listen, listen]
    assert play_counts(events) == {"b": 1}


def test_popularity_ignores_a_complete_that_is_no_play() -> None:
    early = popularity_scores([ev("a", "complete", 5.0)], now=NOW)
    late = popularity_scores([ev("a", "complete", 150.0)], now=NOW)
    assert early == {} and late["a"] > 0


@pytest.fixture
def library(rng: np.random.Generator) -> SyntheticLibrary:
    return make_library(20, n_blobs=2, rng=rng)


@pytest.fixture
def ctx(library: SyntheticLibrary) -> Iterator[Context]:
    with build_context() as ctx:
        fill_store(ctx.store, library)
        yield ctx


def test_home_and_the_plays_column_count_by_the_rule(
    ctx: Context, library: SyntheticLibrary
) -> None:
    a, b = library.ids[:2]
    for event in [ev(a, "play"), ev(a, "skip", 1.0), ev(a, "play"), ev(a, "skip", 2.0)]:
        ctx.recorder.record(event)
    for _ in range(2):
        ctx.recorder.record(ev(b, "play"))
        ctx.recorder.record(ev(b, "complete", 200.0))
    assert library_ops.play_counts(ctx) == {b: 2}
    home = library_ops.home(ctx, now=NOW + 60)
    assert {r.track.track_id: r.plays for r in home.recent} == {a: 0, b: 2}
    assert [(p.track.track_id, p.plays) for p in home.popular] == [(b, 2)]
