"""Which results notice makes a running process reload: only a newer run that the store holds."""

from __future__ import annotations

import pytest

from engine.events.results_watcher import RunStamp, newer_run, results_group
from engine.events.wire import EventFormatError, ResultsNotice, decode_notice
from engine.stores.sqlite import SQLiteStore
from tests.saved_runs import save_empty_run


@pytest.fixture
def store(tmp_path) -> SQLiteStore:
    store = SQLiteStore(tmp_path / "library.sqlite3")
    yield store
    store.close()


def test_only_the_active_run_newer_than_the_served_one_counts(store: SQLiteStore) -> None:
    assert newer_run(store, None, ResultsNotice("r1")) is None  # nothing trained at all
    save_empty_run(store, "r1", 100.0)
    assert newer_run(store, None).run_id == "r1"  # nothing served yet: any run is newer
    served = RunStamp.of(store.active_run())
    assert newer_run(store, served, ResultsNotice("r1")) is None  # the run already served
    save_empty_run(store, "r2", 200.0)
    assert newer_run(store, served, ResultsNotice("r2")).run_id == "r2"
    assert newer_run(store, served, ResultsNotice("r1")) is None  # an older run's notice
    assert newer_run(store, served, ResultsNotice("never-saved")) is None  # unknown run
    assert newer_run(store, served).run_id == "r2"  # a check without a notice (timer)
    # A run saved with an earlier timestamp than the one served (clock skew between hosts)
    # is not newer, whatever its notice says.
    save_empty_run(store, "r3", 150.0)
    assert newer_run(store, RunStamp("r2", 200.0), ResultsNotice("r3")) is None


def test_groups_are_per_device() -> None:
    assert results_group("a") != results_group("b")


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        (b'{"run_id": ""}', "run_id"),
        (b'{"run_id": "r", "n_tracks": "many"}', "n_tracks"),
        (b'{"run_id": "r", "k": -1}', "k"),
        (b'{"run_id": "r", "created_at": 1e999}', "created_at"),
        (b'{"run_id": "r", "key": 3}', "key"),
        (b"[1]", "JSON object"),
    ],
)
def test_a_malformed_notice_is_refused_naming_the_field(payload: bytes, field: str) -> None:
    with pytest.raises(EventFormatError, match=field):
        decode_notice(payload)
