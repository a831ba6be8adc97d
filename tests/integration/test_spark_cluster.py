"""Training on a real Spark standalone cluster (master + one worker on 127.0.0.1).

`encore train` with ``ENCORE_SPARK=spark://...`` must produce the same kind of run as local mode:
synthetic blobs recovered as clusters, neighbours inside them, the run saved and active. The
snapshot reaches the executors by design: Arrow batches without shared storage, Parquet in
``ENCORE_SPARK_SHARED_DIR`` with it. The backend worker's training trigger uses the same master
from its config. The master's own status page proves the work ran as a cluster application.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from backend.training import TrainingPolicy, TrainingTrigger
from engine.analysis.features import FEATURE_NAMES
from engine.cli import main
from engine.config import load_config
from engine.context import Context, build_context
from engine.feature_version import FEATURE_VERSION
from engine.models import Track, TrackFeatures
from engine.spark.jobs import run_job
from engine.spark.session import SparkStartError, create_session
from engine.spark.snapshot import Snapshot, SnapshotError, _check_readable, write_parquet
from tests.servers.spark_cluster import SparkCluster
from tests.servers.spark_master import SparkMaster

pytestmark = [pytest.mark.spark, pytest.mark.servers, pytest.mark.slow]

SIZES = (20, 16, 12)


@pytest.fixture
def cluster_home(
    encore_home: Path, spark_cluster: SparkCluster, monkeypatch: pytest.MonkeyPatch
) -> Path:
    monkeypatch.setenv("ENCORE_SPARK", spark_cluster.url)
    return encore_home


@pytest.fixture
def ctx(cluster_home: Path) -> Iterator[Context]:
    with build_context(load_config()) as context:
        yield context


def add_blobs(ctx: Context, rng: np.random.Generator) -> tuple[list[str], np.ndarray]:
    d = len(FEATURE_NAMES)
    centres = rng.normal(scale=8.0, size=(len(SIZES), d))
    matrix = np.concatenate(
        [c + rng.normal(size=(n, d)) for c, n in zip(centres, SIZES, strict=True)]
    )
    ids = [f"{i:04d}" + "ef" * 14 for i in range(len(matrix))]
    ctx.store.upsert_tracks(Track(t, f"/music/{t}.ogg", f"Song {i}") for i, t in enumerate(ids))
    # The tracks' own file signature (size 0, mtime 0): a vector for another one is stale.
    signature = Track("", "", "").signature.token()
    ctx.store.put_features(
        TrackFeatures(t, matrix[i].astype(np.float32), FEATURE_NAMES, FEATURE_VERSION, signature)
        for i, t in enumerate(ids)
    )
    return ids, np.repeat(np.arange(len(SIZES)), SIZES)


def assert_blobs_recovered(ctx: Context, ids: list[str], truth: np.ndarray) -> None:
    run = ctx.store.active_run()
    assert run is not None and run.k == len(SIZES) and run.n_tracks == len(ids)
    for i, tid in enumerate(ids):
        mates = ctx.store.cluster_members(ctx.store.cluster_of(tid))
        assert {int(truth[ids.index(m)]) for m in mates} == {int(truth[i])}
        near = ctx.store.neighbours(tid, 5)  # own cluster first, whatever n the run kept
        assert len(near) == 5
        assert all(truth[ids.index(n.track_id)] == truth[i] for n in near)


def completed_apps(cluster: SparkCluster) -> list[dict]:
    return cluster.master.status().get("completedapps", [])


def test_cli_train_on_the_cluster_ships_the_snapshot_as_arrow(
    spark_cluster: SparkCluster, ctx: Context, rng: np.random.Generator, capsys
) -> None:
    ids, truth = add_blobs(ctx, rng)
    apps_before = len(completed_apps(spark_cluster))

    assert main(["train", "-k", "3", "-n", "5"]) == 0

    assert capsys.readouterr().out.startswith(f"trained on {len(ids)} tracks: k=3, ")
    assert_blobs_recovered(ctx, ids, truth)
    settings = ctx.store.active_run().settings
    assert settings.spark_master == spark_cluster.url
    assert settings.snapshot == "arrow"  # no shared dir configured: nothing left on disk
    assert not (ctx.config.cache_dir / "training").exists() or not any(
        (ctx.config.cache_dir / "training").iterdir()
    )
    # The master ran it as an application with executors on the worker; the CLI stopped it.
    apps = completed_apps(spark_cluster)
    assert len(apps) == apps_before + 1 and apps[-1]["name"] == "encore-train"
    assert apps[-1]["cores"] > 0


def test_train_with_a_shared_dir_reads_parquet_there_and_cleans_up(
    spark_cluster: SparkCluster,
    cluster_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    rng: np.random.Generator,
    capsys,
) -> None:
    shared = tmp_path / "shared"
    monkeypatch.setenv("ENCORE_SPARK_SHARED_DIR", str(shared))
    with build_context(load_config()) as ctx:
        ids, truth = add_blobs(ctx, rng)
        assert main(["train", "-k", "3", "-n", "5", "--json"]) == 0
        assert '"snapshot": "shared-parquet"' in capsys.readouterr().out
        assert_blobs_recovered(ctx, ids, truth)
    assert (shared / "training").is_dir() and not any((shared / "training").iterdir())


def test_backend_training_trigger_trains_on_the_configured_master(
    spark_cluster: SparkCluster, ctx: Context, rng: np.random.Generator
) -> None:
    ids, truth = add_blobs(ctx, rng)
    summaries: list[dict] = []
    policy = TrainingPolicy(every_s=None, min_new_events=10**9, min_new_tracks=len(ids))
    # The worker's job is run_job("train", ctx) on ctx.config's master; a fixed k and a short
    # neighbour list only spare the test the silhouette search.
    trigger = TrainingTrigger(
        ctx,
        policy,
        job=lambda c: run_job("train", c, k=len(SIZES), n_neighbours=5),
        on_done=summaries.append,
    )
    trigger.note(tracks=len(ids))

    assert trigger.maybe_start()
    assert trigger.done.wait(300), "training did not finish"

    assert trigger.last_error is None and summaries[0]["ok"] is True
    run = ctx.store.active_run()
    assert summaries[0]["run_id"] == run.run_id
    assert run.settings.spark_master == spark_cluster.url
    assert_blobs_recovered(ctx, ids, truth)


def test_master_without_workers_fails_in_one_line_instead_of_hanging(tmp_path: Path) -> None:
    with SparkMaster(tmp_path) as lonely, pytest.raises(SparkStartError) as failed:
        create_session(lonely.url, app_name="encore-no-workers", executor_wait_s=4)
    message = str(failed.value)
    assert "\n" not in message
    assert message.startswith(f"Spark master {lonely.url} gave no executor in 4 s")


def test_snapshot_the_executors_cannot_read_is_one_line_naming_the_file(
    spark_cluster: SparkCluster, tmp_path: Path, rng: np.random.Generator
) -> None:
    # What a worker without the shared mount sees: the driver lists the file, executors miss it.
    matrix = rng.normal(size=(40, 4)).astype(np.float32)
    path = tmp_path / "shared" / "features"
    write_parquet(path, [f"t{i}" for i in range(40)], matrix, parts=2)
    spark = create_session(spark_cluster.url, app_name="encore-snapshot-check")
    try:
        snapshot = Snapshot(spark.read.parquet(str(path)), [], "shared-parquet", path.parent)
        shutil.rmtree(path)
        with pytest.raises(SnapshotError) as failed:
            _check_readable(snapshot, path)
    finally:
        spark.stop()
    message = str(failed.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: Spark executors cannot read the training snapshot")
    assert "mount spark_shared_dir at the same path on every worker" in message
    assert not path.parent.exists()  # the half-made snapshot is removed
