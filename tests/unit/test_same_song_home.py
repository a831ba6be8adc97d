"""Home offers each song once: For you, "Because you …" and the mixes never show a song twice
nor call a song "close to" itself or its copy; "played together" never brings in a copy."""

from __future__ import annotations

import numpy as np
import pytest

from bench.synthetic_library import SyntheticLibrary
from engine.events.wire import PlayEvent
from engine.library.same_song import song_key
from engine.models import Recommendation, Track
from engine.phrase_english import english
from engine.recommend.personal import Personal
from engine.recommend.reasons import CLOSEST
from engine.recommend.recommender import Recommender
from engine.stores.sqlite import SQLiteStore
from tests.unit.duplicate_songs import copy_id, library_with_copies
from tests.unit.test_foryou import ME, NOW, event
from tests.unit.test_popular import ListLog


@pytest.fixture
def library(rng: np.random.Generator) -> SyntheticLibrary:
    return library_with_copies(rng)


def _listener(store: SQLiteStore, events: list[PlayEvent]) -> Personal:
    return Personal(store, ListLog(events), listener=ME, now=lambda: NOW)


def _both_copies_played(library: SyntheticLibrary) -> list[PlayEvent]:
    """Songs 0-5 played to the end, each once as the full track and once as its clip."""
    return [e for tid in library.ids[:6] for e in (event(tid), event(copy_id(tid), age_days=8.0))]


def _distinct(tracks: list[Track]) -> bool:
    keys = [key for key in map(song_key, tracks) if key is not None]  # untagged: ids only
    ids = [t.track_id for t in tracks]
    return len(set(keys)) == len(keys) and len(set(ids)) == len(ids)


def test_for_you_offers_each_song_once_never_close_to_itself(
    store: SQLiteStore, library: SyntheticLibrary
) -> None:
    found = _listener(store, _both_copies_played(library)).for_you(20)
    assert len(found) == 20
    assert _distinct([r.track for r in found])
    for r in found:
        title = " ".join(r.track.title.split()).casefold()
        assert not english(r.reason).casefold().startswith(f"close to {title},"), r


def test_a_copy_of_a_song_heard_lately_is_heard_lately(
    store: SQLiteStore, library: SyntheticLibrary
) -> None:
    # The full tracks played yesterday: neither they nor their clips are offered.
    events = [event(tid, age_days=1.0) for tid in library.ids[:6]]
    events += [event(tid, age_days=9.0) for tid in library.ids[6:10]]
    offered = {r.track.track_id for r in _listener(store, events).for_you(20)}
    assert offered
    assert not offered & {*library.ids[:6], *map(copy_id, library.ids[:6])}


def test_because_rows_and_mixes_hold_each_song_once(
    store: SQLiteStore, library: SyntheticLibrary
) -> None:
    listener = _listener(store, _both_copies_played(library))
    recommender = Recommender(store)
    rows = listener.because(recommender.recommend)
    assert len(rows) == 3
    assert _distinct([row.seed for row in rows])  # not "Because you played" one song twice
    for row in rows:
        assert _distinct([row.seed, *[r.track for r in row.recommendations]])
    mixes = listener.your_mixes()
    assert mixes and all(_distinct(list(mix.tracks)) for mix in mixes)


def test_played_together_brings_in_no_copy_of_the_query(
    store: SQLiteStore, library: SyntheticLibrary
) -> None:
    query, partner = library.ids[0], library.ids[50]
    # The listener plays the query's clip and the partner after the query, day after day.
    events = []
    for day in range(4):
        at = NOW - (day + 1) * 86400
        for i, tid in enumerate((query, copy_id(query), partner)):
            events.append(
                PlayEvent(tid, "complete", ME, position=1.0, duration=1.0, timestamp=at + 60 * i)
            )
    audio = [
        Recommendation(t, 0.9 - i / 100, CLOSEST)
        for i, t in enumerate(store.get_tracks(library.ids[60:70]).values())
    ]
    blended = _listener(store, events).blend_similar(query, audio, 5)
    ids = [r.track.track_id for r in blended]
    assert len(ids) == 5 and partner in ids
    assert copy_id(query) not in ids
