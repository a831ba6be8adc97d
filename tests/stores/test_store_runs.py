"""Store contract: a training run is saved and made active in one step, older runs' settings
and English reasons still load, and a failed or interrupted save keeps the previous run."""

from __future__ import annotations

import numpy as np
import pytest

from engine.models import Neighbour
from engine.phrase_english import english
from engine.phrases import stored_text
from engine.run_settings import RUN_SETTINGS_VERSION, RunSettings
from engine.stores.protocol import Store
from tests.saved_runs import store_as_english
from tests.stores.samples import BPM, CALM, LOUD, SIMILAR, make_run, make_track


def test_run_is_saved_and_activated(store: Store) -> None:
    ids = ["id000", "id001", "id002"]
    store.upsert_tracks([make_track(n) for n in range(3)])
    assert store.active_run() is None
    store.save_run(make_run("r1", ids))
    info = store.active_run()
    assert info is not None and info.run_id == "r1" and info.k == 2 and info.n_tracks == 3
    np.testing.assert_allclose(info.centroids[1], [1, 1, 1])
    assert info.settings == RunSettings(k=2, rank="jaccard", feature_weights=(1.0, 0.5, 2.0))
    assert store.neighbours("id000", 5) == [
        Neighbour("id001", pytest.approx(0.9), BPM),
        Neighbour("id002", pytest.approx(0.5), SIMILAR),
    ]
    assert store.neighbours("id000", 1) == [Neighbour("id001", pytest.approx(0.9), BPM)]
    assert store.cluster_of("id001") == 1
    assert store.cluster_members(0) == ["id000", "id002"]
    assert [c.name for c in store.clusters()] == [CALM, LOUD]
    store.save_run(make_run("r2", list(reversed(ids))))
    assert store.active_run().run_id == "r2"
    assert store.cluster_of("id001") == 1 and store.cluster_of("id002") == 0


class _SettingsAsBefore:
    """The settings of a run saved by the previous Encore: ``save_run`` stores whatever
    ``to_dict`` gives, here the untyped dict of version 1 (no ``version`` key)."""

    def to_dict(self) -> dict:
        return {
            "k": 2,
            "k_rule": "fixed",
            "n_neighbours": 20,
            "rank": "jaccard",
            "feature_weights": [1.0, 0.5, 2.0],
            "shingles": {"bin_width": 0.25, "num_perm": 64},
            "border_probe": False,
            "border_max_probes": 2,
            "silhouette": {},
            "timings": {"kmeans": 1.5},
            "spark_master": "local[2]",
            "seed": 20261121,
        }


def test_a_run_saved_before_typed_settings_still_loads(store: Store) -> None:
    ids = ["id000", "id001", "id002"]
    run = make_run("old", ids)
    run.settings = _SettingsAsBefore()  # type: ignore[assignment]
    store.save_run(run)
    settings = store.active_run().settings
    assert settings.version == RUN_SETTINGS_VERSION
    assert settings.rank == "jaccard" and settings.feature_weights == (1.0, 0.5, 2.0)
    assert settings.shingles.bin_width == 0.25 and settings.shingles.num_perm == 64
    assert (settings.border_probe, settings.border_max_probes) == (False, 2)
    assert settings.timings == {"kmeans": 1.5} and settings.seed == 20261121


def test_a_run_saved_with_english_reasons_still_loads_them_as_stored(store: Store) -> None:
    """Runs before phrases kept each reason and mix name as English words: shown as stored."""
    ids = ["id000", "id001", "id002"]
    store.save_run(make_run("old", ids))
    store_as_english(store, "old")
    found = store.neighbours("id000", 5)
    assert [n.reason for n in found] == [
        stored_text("both around 128 BPM and quiet, wide dynamics (around -24 LUFS)"),
        stored_text("similar timbre and rhythm"),
    ]
    assert [english(c.name) for c in store.clusters()] == [
        "Ünïcödé jazz · Calm · Warm 2",
        "Your mix 1: <b>Ann</b>",
    ]
    assert {c.name.code for c in store.clusters()} == {"stored"}


def test_failed_save_keeps_previous_run(store: Store) -> None:
    ids = ["id000", "id001", "id002"]
    store.save_run(make_run("r1", ids))
    with pytest.raises(Exception):  # noqa: B017 - each backend raises its own duplicate-key error
        store.save_run(make_run("r1", ids))
    assert store.active_run().run_id == "r1"
    assert len(store.neighbours("id000", 5)) == 2


def test_streamed_lists_are_saved_and_a_failing_stream_keeps_the_previous_run(
    store: Store,
) -> None:
    """Training hands the lists over as a one-pass stream (read from Spark while saving)."""
    ids = [f"id{i:03d}" for i in range(2500)]  # more than one write batch

    def lists(fail_after: int | None):
        for i, tid in enumerate(ids):
            if fail_after is not None and i == fail_after:
                raise RuntimeError("executor lost")
            yield tid, [Neighbour(ids[(i + 1) % len(ids)], 0.8, SIMILAR)]

    run = make_run("r1", ids)
    run.neighbours = lists(None)
    store.save_run(run)
    assert store.neighbours("id2499", 5) == [Neighbour("id000", pytest.approx(0.8), SIMILAR)]
    assert store.cluster_of("id2499") == 1

    failing = make_run("r2", ids)
    failing.neighbours = lists(fail_after=2000)
    with pytest.raises(RuntimeError, match="executor lost"):
        store.save_run(failing)
    assert store.active_run().run_id == "r1"
    assert store.neighbours("id000", 5) == [Neighbour("id001", pytest.approx(0.8), SIMILAR)]
    store.save_run(make_run("r2", ids))  # the failed attempt left nothing in the way
    assert store.active_run().run_id == "r2"


def test_lists_that_arrive_encoded_read_back_as_the_same_neighbours(store: Store) -> None:
    """Training's workers encode each list once (engine.stored_list); both stores keep it."""
    from engine.phrases import to_wire
    from engine.stored_list import EncodedList, list_text

    ids = [f"id{i:03d}" for i in range(3)]
    given = [Neighbour(ids[1], 0.913457, BPM), Neighbour(ids[2], 0.5, SIMILAR)]
    text = list_text(
        [n.track_id for n in given], [n.score for n in given], [to_wire(BPM), to_wire(SIMILAR)]
    )
    run = make_run("r1", ids)
    run.neighbours = iter([(ids[0], EncodedList(text, "test list", 2))])
    store.save_run(run)

    assert store.neighbours(ids[0], 5) == given
    assert store.neighbours(ids[0], 1) == given[:1]
    assert EncodedList(text, "test list") == given  # decoded on first read
