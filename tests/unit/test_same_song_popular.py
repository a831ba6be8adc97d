"""Popular (Home's row, ``encore popular``) and the popularity mixes offer each song once: the
better-ranked copy stays, the list refills from further down, untagged look-alikes stay two."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from bench.inprocess_training import train_in_process
from bench.synthetic_library import SyntheticLibrary, fill_store
from engine import library_ops
from engine.context import Context, build_context
from engine.events.wire import PlayEvent
from engine.library.same_song import song_key
from engine.models import Track
from engine.recommend.popular import MIN_POPULAR_PLAYS, PopularTrack, mixes, popular_tracks
from engine.recommend.popularity import DAY
from engine.stores.sqlite import SQLiteStore
from tests.unit.duplicate_songs import COPIES, TWINS, copy_id, library_with_copies


@pytest.fixture
def library(rng: np.random.Generator) -> SyntheticLibrary:
    return library_with_copies(rng)


@pytest.fixture
def store(tmp_path: Path, library: SyntheticLibrary) -> Iterator[SQLiteStore]:
    s = SQLiteStore(tmp_path / "library.sqlite3")
    fill_store(s, library)
    s.save_run(train_in_process(library.ids, library.matrix, library.names, k=3))
    yield s
    s.close()


def _twins(library: SyntheticLibrary) -> list[str]:
    return [t.track_id for t in library.tracks if t.track_id.startswith("u")]


def _scores(library: SyntheticLibrary) -> dict[str, float]:
    """Songs 0-9 with both copies played, the clip a little more; the untagged twins below."""
    scores = {}
    for i, tid in enumerate(library.ids[:10]):
        scores[tid] = 10.0 + i
        scores[copy_id(tid)] = 10.5 + i
    scores.update(dict.fromkeys(_twins(library), 5.0))
    return scores


def _popular(store: SQLiteStore, scores: dict[str, float], **kw: int) -> list[PopularTrack]:
    """:func:`popular_tracks` with every scored song played often enough to be popular."""
    return popular_tracks(store, scores, plays=dict.fromkeys(scores, MIN_POPULAR_PLAYS), **kw)


def _distinct(tracks: list[Track]) -> bool:
    keys = [key for key in map(song_key, tracks) if key is not None]  # untagged: ids only
    ids = [t.track_id for t in tracks]
    return len(set(keys)) == len(keys) and len(set(ids)) == len(ids)


def test_popular_keeps_the_better_copy_and_stays_full(
    store: SQLiteStore, library: SyntheticLibrary
) -> None:
    found = [p.track.track_id for p in _popular(store, _scores(library), limit=14)]
    # Ten songs once each (the better-ranked clip), then four of the six untagged twins.
    assert found[:10] == [copy_id(tid) for tid in reversed(library.ids[:10])]
    assert len(found) == 14 and set(found[10:]) <= set(_twins(library))
    store.mark_missing([copy_id(library.ids[9])])
    found = [p.track.track_id for p in _popular(store, _scores(library), limit=14)]
    assert found[0] == library.ids[9]  # the clip's file is gone: the full track stands in


def test_untagged_look_alikes_are_both_popular(
    store: SQLiteStore, library: SyntheticLibrary
) -> None:
    twins = _twins(library)
    assert len(twins) == 2 * TWINS
    found = _popular(store, dict.fromkeys(twins, 1.0), limit=10)
    assert sorted(p.track.track_id for p in found) == sorted(twins)


def test_popular_within_a_mix_refills_past_copies(
    store: SQLiteStore, library: SyntheticLibrary
) -> None:
    cluster = store.cluster_of(library.ids[0])
    assert cluster is not None
    members = set(store.cluster_members(cluster))
    scores = {tid: s for tid, s in _scores(library).items() if tid in members}
    scores.update({tid: 1.0 for tid in library.ids[COPIES:] if tid in members})
    found = [p.track for p in _popular(store, scores, limit=8, cluster_id=cluster)]
    assert len(found) == 8 and _distinct(found)


def test_mixes_hold_each_song_once_and_stay_full(
    store: SQLiteStore, library: SyntheticLibrary
) -> None:
    for scores in ({}, _scores(library)):
        found = mixes(store, scores, per_mix=6)
        assert len(found) == 3
        for mix in found:
            assert len(mix.tracks) == 6 and _distinct(list(mix.tracks)), mix
    # Both copies of song 9 are the most popular in their mix: the clip opens it, alone.
    cluster = store.cluster_of(library.ids[9])
    mix = next(m for m in mixes(store, _scores(library)) if m.cluster_id == cluster)
    assert mix.tracks[0].track_id == copy_id(library.ids[9])
    assert library.ids[9] not in [t.track_id for t in mix.tracks]


@pytest.fixture
def ctx(library: SyntheticLibrary) -> Iterator[Context]:
    with build_context() as ctx:
        fill_store(ctx.store, library)
        ctx.store.save_run(train_in_process(library.ids, library.matrix, library.names, k=3))
        yield ctx


def test_homes_popular_row_holds_each_song_once(ctx: Context, library: SyntheticLibrary) -> None:
    now = time.time()  # recorded events must not lie in the future
    for i, tid in enumerate(library.ids[:8]):
        for copy in (tid, copy_id(tid)):
            for hour in range(MIN_POPULAR_PLAYS):
                stamp = now - (i + 1) * DAY - hour * 3600.0
                ctx.recorder.record(
                    PlayEvent(copy, "complete", ctx.config.device_id, timestamp=stamp)
                )
    data = library_ops.home(ctx, limit=8, now=now)
    assert len(data.popular) == 8
    assert _distinct([p.track for p in data.popular])
    assert all(p.plays == MIN_POPULAR_PLAYS for p in data.popular)
