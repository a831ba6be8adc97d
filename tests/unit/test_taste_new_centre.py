"""A new taste gets its own centre as its events arrive, without a rebuild: a listener of one
sound who starts finishing songs of a far sound gets a second centre, and songs of the known
sound only move the centre they belong to."""

from __future__ import annotations

import numpy as np
import pytest

from bench.synthetic_library import SyntheticLibrary, make_library
from engine.recommend.personal import Personal
from engine.recommend.taste import MIN_CENTRE_SONGS, Taste
from engine.stores.sqlite import SQLiteStore
from tests.unit.test_foryou import ME, NOW, blob_of, event, of_blob
from tests.unit.test_popular import ListLog


@pytest.fixture
def library(rng: np.random.Generator) -> SyntheticLibrary:
    return make_library(360, n_blobs=6, album_size=10, rng=rng)


def metal(library: SyntheticLibrary) -> list:
    return [event(t, age_days=d) for t in of_blob(library, 0)[:8] for d in (3.0, 9.0)]


def test_a_far_new_taste_gets_its_own_centre_as_it_arrives(
    store: SQLiteStore, library: SyntheticLibrary
) -> None:
    personal = Personal(store, ListLog(metal(library)), listener=ME, now=lambda: NOW)
    assert {blob_of(library, r.track.track_id) for r in personal.for_you(10)} == {0}
    taste = personal.snapshot()[0]
    assert len(taste.centres) == 1
    piano = of_blob(library, 3)[:MIN_CENTRE_SONGS]
    personal.add(event(piano[0], "like", age_days=0.0))
    assert len(personal.snapshot()[0].centres) == 1  # one song is not yet a taste
    for tid in piano[1:]:
        personal.add(event(tid, "like", age_days=0.0))
    taste = personal.snapshot()[0]
    assert len(taste.centres) == 2
    new = next(c for c in taste.centres if piano[0] in c.members)
    assert {blob_of(library, m) for m in new.members} == {3}
    old = next(c for c in taste.centres if c is not new)
    assert {blob_of(library, m) for m in old.members} == {0}
    assert abs(sum(c.share for c in taste.centres) - 1.0) < 1e-9
    offered = [blob_of(library, r.track.track_id) for r in personal.for_you(12)]
    assert set(offered) == {0, 3}


def test_more_songs_of_a_known_taste_only_move_its_centre(library: SyntheticLibrary) -> None:
    z = library.matrix.astype(np.float64)
    taste = Taste.build(library.ids, z, metal(library), now=NOW)
    assert len(taste.centres) == 1
    for tid in of_blob(library, 0)[8:20]:
        taste.add(event(tid, "like", age_days=0.0))
    assert len(taste.centres) == 1
    assert set(of_blob(library, 0)[:20]) == set(taste.centres[0].members)


def test_far_songs_that_are_no_taste_back_off(library: SyntheticLibrary) -> None:
    """Single songs of four other sounds: a regroup that makes no centre out of them makes the
    next one wait for twice as many, so one-off songs cannot regroup at every event."""
    z = library.matrix.astype(np.float64)
    taste = Taste.build(library.ids, z, metal(library), now=NOW)
    regroups = 0
    original = taste.regroup

    def counted(*, seed: int = 0) -> None:
        nonlocal regroups
        regroups += 1
        original(seed=seed)

    taste.regroup = counted  # type: ignore[method-assign]
    strays = [of_blob(library, b)[i] for i in range(4) for b in (1, 2, 4, 5)]
    for tid in strays:
        taste.add(event(tid, "play", age_days=0.0, position=60.0))
    assert regroups < len(strays) // MIN_CENTRE_SONGS
