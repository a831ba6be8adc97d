"""Home's wording: "liked" / "a song you love" only for a song hearted and not unliked since;
a song only played often is "played" / "a song you play often"."""

from __future__ import annotations

import numpy as np
import pytest

from bench.synthetic_library import SyntheticLibrary, make_library
from engine.events.wire import PlayEvent
from engine.models import Recommendation
from engine.phrase_english import english
from engine.recommend.personal import Personal
from engine.recommend.reasons import CLOSEST
from engine.stores.sqlite import SQLiteStore
from tests.unit.test_foryou import ME, NOW, event, of_blob
from tests.unit.test_popular import ListLog


@pytest.fixture
def library(rng: np.random.Generator) -> SyntheticLibrary:
    return make_library(120, n_blobs=3, album_size=10, rng=rng)


def played_often(library: SyntheticLibrary) -> list[PlayEvent]:
    """Each of six songs finished four times: a strong affinity, and never a heart."""
    return [
        event(tid, age_days=age) for tid in of_blob(library, 0)[:6] for age in (4.0, 5.0, 6.0, 7.0)
    ]


def _personal(store: SQLiteStore, events: list[PlayEvent]) -> Personal:
    return Personal(store, ListLog(events), listener=ME, now=lambda: NOW)


def _because_verbs(
    store: SQLiteStore, library: SyntheticLibrary, personal: Personal
) -> dict[str, str]:
    others = list(store.get_tracks(of_blob(library, 1)[:10]).values())

    def recommend(_tid: str, k: int) -> list[Recommendation]:
        return [Recommendation(t, 0.5, CLOSEST) for t in others[:k]]

    return {
        row.seed.track_id: row.heading.code.removeprefix("because_")
        for row in personal.because(recommend)
    }


def test_songs_only_played_often_are_played_never_loved(
    store: SQLiteStore, library: SyntheticLibrary
) -> None:
    personal = _personal(store, played_often(library))
    verbs = _because_verbs(store, library, personal)
    assert verbs and set(verbs.values()) == {"played"}
    reasons = [english(r.reason) for r in personal.for_you(8)]
    assert reasons and all("a song you play often" in r for r in reasons), reasons
    assert not any("love" in r for r in reasons)


def test_a_heart_makes_it_liked_and_an_unlike_takes_it_back(
    store: SQLiteStore, library: SyntheticLibrary
) -> None:
    hearted, unhearted = of_blob(library, 0)[:2]
    events = played_often(library)
    events += [event(hearted, "like", age_days=3.0), event(unhearted, "like", age_days=3.0)]
    events.append(event(unhearted, "unlike", age_days=2.0))
    personal = _personal(store, events)
    verbs = _because_verbs(store, library, personal)
    assert verbs[hearted] == "liked"
    assert set(verbs.values()) - {"liked"} <= {"played"}
    assert verbs.get(unhearted, "played") == "played"
    title = store.get_tracks([hearted])[hearted].title
    reasons = [english(r.reason) for r in personal.for_you(20)]
    loved = [r for r in reasons if "a song you love" in r]
    assert loved and all(r == f"close to {title}, a song you love" for r in loved), reasons
