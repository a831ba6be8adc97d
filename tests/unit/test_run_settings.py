"""Run settings: typed, versioned, and runs saved before they existed still load and rank."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import fields, replace
from pathlib import Path

import numpy as np
import pytest

from bench.inprocess_training import train_in_process
from bench.synthetic_library import fill_store, make_library
from engine.errors import StoreError
from engine.recommend.recommender import Recommender
from engine.recommend.shingles import ShingleParams
from engine.run_settings import _PARSERS, RUN_SETTINGS_VERSION, RunSettings
from engine.stores.sqlite import SQLiteStore

# Exactly the dict engine/recommend/training.py wrote before RunSettings (version 1: no
# "version" key), with the values of a real run.
VERSION_1 = {
    "k": 4,
    "k_rule": "silhouette",
    "k_from_rule": 13,
    "silhouette": {"4": 0.4121, "6": 0.3302},
    "smallest_cluster": {"4": 80, "6": 41},
    "kmeans_cost": 1234.5,
    "n_tracks": 360,
    "n_neighbours": 20,
    "rank": "distance",
    "weighting": "groups",
    "metadata_weight": 0.0,
    "feature_weights": [0.5, 1.25],
    "shingles": ShingleParams(lsh_threshold=0.25).to_dict(),
    "lsh_candidates_mean": 51.5,
    "lsh_filled_mean": 0.25,
    "border_probe": True,
    "border_max_probes": 2,
    "border_visits": 17,
    "border_improved_tracks": 5,
    "borrowed_from_other_clusters": 0,
    "spark_master": "local[2]",
    "snapshot": "parquet",
    "train_seconds": 12.3,
    "timings": {"snapshot": 0.5, "kmeans": 4.2},
    "seed": 20261121,
}


class _StoredAsBefore:
    """Stands in for the settings of a run saved by the previous Encore: the store writes
    whatever ``to_dict`` gives, so the real ``save_run`` stores the version-1 dict."""

    def __init__(self, data: dict) -> None:
        self.data = data

    def to_dict(self) -> dict:
        return self.data


def test_every_field_has_a_reader_and_the_stored_form_is_plain_json() -> None:
    assert set(_PARSERS) == {f.name for f in fields(RunSettings)} - {"version"}
    settings = RunSettings.from_dict(VERSION_1)
    stored = json.loads(json.dumps(settings.to_dict()))
    assert stored["version"] == RUN_SETTINGS_VERSION
    assert RunSettings.from_dict(stored) == settings


def test_a_version_1_dict_reads_every_value() -> None:
    settings = RunSettings.from_dict(VERSION_1)
    assert settings.version == RUN_SETTINGS_VERSION
    assert settings.shingles == ShingleParams(lsh_threshold=0.25)
    assert settings.feature_weights == (0.5, 1.25)
    assert (settings.rank, settings.border_probe) == ("distance", True)
    assert settings.border_max_probes == 2
    assert settings.silhouette == {"4": 0.4121, "6": 0.3302}
    assert settings.timings == {"snapshot": 0.5, "kmeans": 4.2}
    # Runs before the whole-library search of small libraries were all searched per cluster.
    assert settings.to_dict() == {
        **VERSION_1,
        "version": RUN_SETTINGS_VERSION,
        "exact_search": False,
    }


def test_the_defaults_of_missing_keys_are_what_the_recommender_assumed() -> None:
    """The first runs carried only a few keys, the shingle settings at the top level."""
    settings = RunSettings.from_dict({"k": 3, "bin_width": 0.25, "num_perm": 64})
    assert settings.shingles == ShingleParams(bin_width=0.25, num_perm=64)
    assert settings.rank == "distance"
    assert settings.border_probe is False and settings.border_max_probes is None
    assert settings.feature_weights == ()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"version": RUN_SETTINGS_VERSION + 1}, "newer than this Encore"),
        ({"rank": "loudness"}, "rank must be distance or jaccard"),
        ({"feature_weights": [1.0, "x"]}, r"feature_weights\[1\] must be a finite number"),
        ({"kmeans_cost": float("nan")}, "kmeans_cost must be a finite number"),
        ({"border_probe": "yes"}, "border_probe must be true or false"),
        ({"shingles": {"num_perm": "many"}}, "shingles"),
        ({"silhouette": [0.5]}, "silhouette must be an object"),
        (["k", 3], "expected an object"),
    ],
)
def test_bad_stored_settings_are_one_error_naming_the_field(data: object, message: str) -> None:
    with pytest.raises(StoreError, match=message) as caught:
        RunSettings.from_dict(data, where="run r1")
    assert str(caught.value).startswith("run r1: ")


def test_a_run_saved_before_run_settings_recommends_as_it_did(tmp_path: Path) -> None:
    """Stored through the real store in the old form, loaded by today's code, the run gives
    the same recommendations as the same run stored with typed settings."""
    rng = np.random.default_rng(5)
    library = make_library(240, n_blobs=3, album_size=10, albums_per_artist=2, rng=rng)
    trained = list(range(200))
    run = train_in_process(
        [library.ids[i] for i in trained], library.matrix[trained], library.names, k=3
    )
    # The old layout: no version, and no exact_search (every run then searched per cluster).
    old_form = {
        k: v for k, v in run.settings.to_dict().items() if k not in ("version", "exact_search")
    }
    assert set(old_form) == set(VERSION_1)  # the old layout, this run's values
    answers = []
    for name, settings in (("typed", run.settings), ("before", _StoredAsBefore(old_form))):
        store = SQLiteStore(tmp_path / f"{name}.sqlite3")
        fill_store(store, library)
        store.save_run(replace(run, settings=settings))  # type: ignore[arg-type]
        if name == "before":
            (meta,) = store._conn.execute("SELECT meta FROM runs").fetchone()
            assert "version" not in json.loads(meta)["params"]  # really the old form on disk
        rec = Recommender(store)
        loaded = rec.run
        assert loaded is not None and loaded.settings.rank == run.settings.rank
        assert loaded.settings.border_probe == run.settings.border_probe
        answers.append(
            [
                [(r.track.track_id, round(r.score, 6)) for r in rec.recommend(tid, k=5)]
                for tid in library.ids[::9]  # trained (stored lists) and new (on the fly)
            ]
        )
        store.close()
    assert answers[0] == answers[1]
    assert all(len(a) == 5 for a in answers[0])


def test_reading_a_run_does_not_import_datasketch() -> None:
    """Run settings live apart from the MinHash code: the CLI and the stores load runs without
    paying datasketch's half-second import."""
    code = "import sys, engine.models, engine.stores.sqlite; print('datasketch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
