"""Home's shaping (engine.library_ops.home): real history within the popularity horizon only,
vanished files never offered, mixes in the same order as ``encore mixes``."""

from __future__ import annotations

import time
from collections.abc import Iterator

import numpy as np
import pytest

from bench.inprocess_training import train_in_process
from bench.synthetic_library import SyntheticLibrary, fill_store, make_library
from engine import library_ops
from engine.context import Context, build_context
from engine.events.wire import PlayEvent
from engine.recommend.popular import HORIZON_HALF_LIVES, mixes
from engine.recommend.popularity import DAY, DEFAULT_HALF_LIFE_DAYS
from tests.unit.duplicate_songs import copy_id, with_copies

NOW = time.time()  # recorded events must not lie in the future


@pytest.fixture
def library(rng: np.random.Generator) -> SyntheticLibrary:
    return make_library(60, n_blobs=3, rng=rng)


@pytest.fixture
def ctx(library: SyntheticLibrary) -> Iterator[Context]:
    with build_context() as ctx:
        fill_store(ctx.store, library)
        ctx.store.save_run(train_in_process(library.ids, library.matrix, library.names, k=3))
        yield ctx


def record(ctx: Context, track_id: str, kind: str, age_days: float) -> None:
    ctx.recorder.record(
        PlayEvent(track_id, kind, ctx.config.device_id, timestamp=NOW - age_days * DAY)
    )


def test_no_history_means_no_popular_or_recent_but_mixes(ctx: Context) -> None:
    data = library_ops.home(ctx, now=NOW)
    assert not data.has_history and data.popular == [] and data.recent == []
    assert [m.cluster_id for m in data.mixes] == [m.cluster_id for m in mixes(ctx.store, {})]


def test_home_skips_missing_files_and_orders_recent_newest_first(
    ctx: Context, library: SyntheticLibrary
) -> None:
    a, b, c, gone = library.ids[:4]
    for tid, age in ((a, 3.0), (b, 2.0), (gone, 1.5), (c, 1.0)):
        record(ctx, tid, "play", age)
        record(ctx, tid, "complete", age)
    record(ctx, a, "complete", 2.5)  # a: played most
    ctx.store.mark_missing([gone])
    data = library_ops.home(ctx, now=NOW)
    assert data.has_history
    assert data.popular[0].track.track_id == a
    assert gone not in {p.track.track_id for p in data.popular}
    assert [r.track.track_id for r in data.recent] == [c, b, a]
    assert data.recent[0].last_played == pytest.approx(NOW - DAY)


def test_events_beyond_the_horizon_are_not_read(ctx: Context, library: SyntheticLibrary) -> None:
    horizon_days = HORIZON_HALF_LIVES * DEFAULT_HALF_LIFE_DAYS
    record(ctx, library.ids[0], "complete", horizon_days + 1)
    assert not library_ops.home(ctx, now=NOW).has_history
    assert library_ops.popularity(ctx, now=NOW) == {}
    for age in (horizon_days - 1, horizon_days - 2):  # played twice: popular
        record(ctx, library.ids[1], "complete", age)
    data = library_ops.home(ctx, now=NOW)
    assert [p.track.track_id for p in data.popular] == [library.ids[1]]


def test_recently_played_shows_one_copy_of_a_song_the_newest_played(
    rng: np.random.Generator,
) -> None:
    library = with_copies(make_library(60, n_blobs=3, rng=rng), rng)
    original, other = library.ids[0], library.ids[1]
    with build_context() as ctx:
        fill_store(ctx.store, library)
        for tid, age in ((original, 3.0), (other, 2.0), (copy_id(original), 1.0)):
            record(ctx, tid, "play", age)
        recent = [r.track.track_id for r in library_ops.home(ctx, now=NOW).recent]
    assert recent == [copy_id(original), other]
