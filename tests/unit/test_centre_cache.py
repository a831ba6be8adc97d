"""For you's per-centre cache gives exactly the lists a fresh computation gives, however the
taste moved since the last query (engine/recommend/centre_cache.py)."""

from __future__ import annotations

import numpy as np

from bench.synthetic_library import fill_store, make_library
from engine.recommend.centre_cache import CentreCache
from engine.recommend.personal import Personal
from engine.stores.sqlite import SQLiteStore
from tests.unit.test_foryou import ME, NOW, event, of_blob, two_tastes
from tests.unit.test_popular import ListLog


def _lists(personal: Personal) -> tuple[list, list]:
    mine = [(r.track.track_id, r.score, r.reason) for r in personal.for_you(20)]
    mixes = [[t.track_id for t in m.tracks] for m in personal.your_mixes(size=12)]
    return mine, mixes


def test_a_cached_query_equals_a_fresh_one_after_every_kind_of_event(
    tmp_path, rng: np.random.Generator
) -> None:
    # More songs than a centre shortlists, so banning a song can change the shortlist.
    library = make_library(2600, n_blobs=6, album_size=10, rng=rng)
    store = SQLiteStore(tmp_path / "library.sqlite3")
    fill_store(store, library)
    personal = Personal(store, ListLog(two_tastes(library)), listener=ME, now=lambda: NOW)
    _lists(personal)
    taste, _ = personal.snapshot()
    assert len(taste.centres) == 2
    offered = [r.track.track_id for r in personal.for_you(20)]
    steps = [
        event(offered[0], "play", age_days=0.0),  # heard now: banned, a centre moves
        event(offered[1], "like", age_days=0.0),
        event(of_blob(library, 3)[0], "complete", age_days=0.0),  # a favourite again
        event(offered[2], "skip", age_days=0.0, position=3.0),  # skipped at once
        event(of_blob(library, 1)[0], "complete", age_days=0.0),  # far from both tastes
        event(offered[3], "dislike", age_days=0.0),
    ]
    for step in steps:
        personal.add(step)
        cached = _lists(personal)
        personal.snapshot()[0].cache = CentreCache()  # the question's, computed afresh
        assert _lists(personal) == cached
