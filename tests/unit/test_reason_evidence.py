"""Reasons claim only what the listening shows: "a song you play often" needs three plays to
the end on two days, "you often play these together" two sittings."""

from __future__ import annotations

import numpy as np
import pytest

from bench.synthetic_library import SyntheticLibrary, make_library
from engine.events.wire import PlayEvent
from engine.phrase_english import english
from engine.recommend.evidence import plays_often, together_often
from engine.recommend.foryou_reasons import closeness_reason
from engine.recommend.personal import Personal
from engine.recommend.popularity import DAY
from engine.stores.sqlite import SQLiteStore
from tests.unit.test_foryou import ME, NOW, event, of_blob
from tests.unit.test_popular import ListLog


@pytest.fixture
def library(rng: np.random.Generator) -> SyntheticLibrary:
    return make_library(120, n_blobs=3, album_size=10, rng=rng)


def test_often_needs_three_completed_plays_on_two_days() -> None:
    day = 100 * DAY
    assert not plays_often([day])
    assert not plays_often([day, day + 60, day + 120])  # one evening's loop
    assert not plays_often([day, day + DAY])
    assert plays_often([day, day + 60, day + DAY])
    assert not together_often(1) and together_often(2)


def test_wording_follows_the_evidence() -> None:
    assert (
        english(closeness_reason("X", liked=False, often=False)) == "close to X, a song you played"
    )
    assert (
        english(closeness_reason("X", liked=False, often=True))
        == "close to X, a song you play often"
    )
    assert english(closeness_reason("X", liked=True, often=False)) == "close to X, a song you love"
    assert english(closeness_reason("", liked=False, often=False)) == "close to songs you played"


def _reasons(store: SQLiteStore, events: list[PlayEvent]) -> list[str]:
    personal = Personal(store, ListLog(events), listener=ME, now=lambda: NOW)
    return [english(r.reason) for r in personal.for_you(10)]


def test_one_play_is_never_often(store: SQLiteStore, library: SyntheticLibrary) -> None:
    reasons = _reasons(store, [event(tid) for tid in of_blob(library, 0)[:6]])
    assert reasons and not any("often" in r for r in reasons), reasons
    assert any(r.endswith(", a song you played") for r in reasons), reasons


def test_three_plays_in_one_evening_are_not_often(
    store: SQLiteStore, library: SyntheticLibrary
) -> None:
    songs = of_blob(library, 0)[:6]
    events = [event(t, age_days=5.0 + h / 24) for t in songs for h in range(3)]
    reasons = _reasons(store, events)
    assert reasons and not any("often" in r for r in reasons), reasons


def test_plays_on_several_days_are_often(store: SQLiteStore, library: SyntheticLibrary) -> None:
    songs = of_blob(library, 0)[:6]
    events = [event(t, age_days=age) for t in songs for age in (4.0, 5.0, 6.0)]
    reasons = _reasons(store, events)
    named = [r for r in reasons if r.startswith("close to Song")]
    assert named and all(r.endswith(", a song you play often") for r in named), reasons
