"""The Spark training job end to end on a real local SparkSession (one for the whole module).

Synthetic feature vectors with a known structure (well-separated Gaussian blobs in the real
analysis layout) go into a real SQLite store; the job must recover the blobs, write within-cluster
nearest neighbours, and save an active run that a failed run cannot replace.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from bench.synthetic_library import analysed_features
from engine.analysis.features import FEATURE_NAMES
from engine.cli import main
from engine.config import load_config
from engine.context import Context, build_context
from engine.models import Track
from engine.recommend.cluster_neighbours import squared_distances
from engine.recommend.clustering import nearest_centroid
from engine.spark.jobs import run_job

pytestmark = [pytest.mark.spark, pytest.mark.slow]

D = len(FEATURE_NAMES)


@pytest.fixture(scope="module")
def spark() -> Iterator[object]:
    from engine.spark.session import test_session

    session = test_session(2)
    yield session
    session.stop()


@pytest.fixture
def ctx(encore_home: Path) -> Iterator[Context]:
    with build_context(load_config()) as context:
        yield context


def add_library(ctx: Context, matrix: np.ndarray, genres: list[str] | None = None) -> list[str]:
    ids = [f"{i:04d}" + "ab" * 14 for i in range(matrix.shape[0])]
    tracks = [
        Track(tid, f"/music/{tid}.ogg", f"Song {i}", genre=(genres or [""] * len(ids))[i])
        for i, tid in enumerate(ids)
    ]
    ctx.store.upsert_tracks(tracks)
    ctx.store.put_features(analysed_features(tracks, matrix, FEATURE_NAMES))
    return ids


@pytest.fixture
def partitioned(monkeypatch: pytest.MonkeyPatch) -> None:
    """The neighbour search per k-means cluster (border probe, small-cluster fill), as a library
    larger than ``EXACT_MAX_TRACKS`` gets it, on a small synthetic one."""
    from engine.recommend import clustering

    monkeypatch.setattr(clustering, "EXACT_MAX_TRACKS", 0)


def blobs(rng: np.random.Generator, sizes: list[int], spread: float = 8.0) -> np.ndarray:
    centres = rng.normal(scale=spread, size=(len(sizes), D))
    return np.concatenate(
        [c + rng.normal(size=(s, D)) for c, s in zip(centres, sizes, strict=True)]
    )


def adjusted_rand(a: np.ndarray, b: np.ndarray) -> float:
    """Adjusted Rand index of two labelings (1 = identical partitions)."""
    _, ai = np.unique(a, return_inverse=True)
    _, bi = np.unique(b, return_inverse=True)
    table = np.zeros((ai.max() + 1, bi.max() + 1))
    np.add.at(table, (ai, bi), 1)
    pairs = lambda x: (x * (x - 1) / 2).sum()  # noqa: E731
    index, rows, cols = pairs(table), pairs(table.sum(1)), pairs(table.sum(0))
    expected = rows * cols / pairs(np.array([len(a)]))
    return float((index - expected) / ((rows + cols) / 2 - expected))


def test_training_recovers_blobs_with_silhouette_k_and_nearest_neighbours(spark, ctx, rng):
    truth = np.repeat(np.arange(5), 44)
    matrix = blobs(rng, [44] * 5)
    ids = add_library(ctx, matrix, genres=["Jazz" if t % 2 else "Folk" for t in truth])

    summary = run_job("train", ctx, spark=spark, n_neighbours=10)

    # k: the rule gives round(sqrt(220 / 2)) = 10; a library this small is searched by
    # silhouette over {5, 7, 10, 15}, which must find the 5 blobs exactly.
    run = ctx.store.active_run()
    assert run is not None and run.run_id == summary.run_id
    assert summary.settings.k_rule == "silhouette"
    assert set(summary.settings.silhouette) == {"5", "7", "10", "15"}
    assert summary.settings.smallest_cluster["5"] == 44
    # What the recommender reads is what was written (the summary also times the save).
    assert replace(run.settings, timings=summary.settings.timings) == summary.settings
    assert set(summary.settings.timings) - set(run.settings.timings) == {"save", "packs"}
    labels = np.array([ctx.store.cluster_of(t) for t in ids])
    assert run.k == summary.k == 5
    assert adjusted_rand(labels, truth) == pytest.approx(1.0)

    # New tracks get their cluster from centroids + scaler stats alone, as training assigned.
    z = (matrix - run.scaler_mean) / run.scaler_std
    assert np.array_equal(nearest_centroid(z, run.centroids), labels)

    # Neighbours: 10 each, same cluster (the blobs lie far apart), the exact nearest in scaled
    # space (a library this small is searched whole), best first, scores in (0, 1], reasons.
    d2 = squared_distances(z, z)
    np.fill_diagonal(d2, np.inf)
    row = {t: i for i, t in enumerate(ids)}
    recall = []
    for i, tid in enumerate(ids):
        found = ctx.store.neighbours(tid, 50)
        assert len(found) == 10
        assert all(labels[row[n.track_id]] == labels[i] for n in found)
        scores = [n.score for n in found]
        assert scores == sorted(scores, reverse=True) and 0 < scores[-1] <= scores[0] <= 1
        # Phrases written in the Spark workers, carried as JSON text, stored as codes.
        assert {n.reason.code for n in found} <= {"both", "similar", "closest_overall"}
        same = np.flatnonzero(labels == labels[i])
        exact = same[np.argsort(d2[i, same])[:10]]
        recall.append(len({row[n.track_id] for n in found} & set(exact.tolist())) / 10)
    assert np.mean(recall) >= 0.9

    # Mixes: one summary per cluster, unique names led by the blob's genre, top tracks inside.
    clusters = ctx.store.clusters()
    assert len(clusters) == run.k
    assert len({c.name for c in clusters}) == len(clusters)
    for c in clusters:
        members = set(ctx.store.cluster_members(c.cluster_id))
        assert c.size == len(members) and set(c.top_track_ids) <= members
        assert c.name.code == "mix" and c.name.value("genre") in {"Jazz", "Folk"}
    assert not (ctx.config.cache_dir / "training").exists() or not any(
        (ctx.config.cache_dir / "training").iterdir()
    )


def test_small_cluster_borrows_from_nearest_and_popular_tracks_lead(spark, ctx, rng, partitioned):
    matrix = blobs(rng, [40, 40, 4])
    ids = add_library(ctx, matrix)
    popular = {ids[5]: 9.0, ids[7]: 3.0, ids[1]: -2.0}  # a skipped song is not "popular"

    run_job("train", ctx, spark=spark, k=3, n_neighbours=8, popularity=popular)

    tiny = ctx.store.cluster_of(ids[-1])
    members = set(ctx.store.cluster_members(tiny))
    assert members == set(ids[-4:])
    found = ctx.store.neighbours(ids[-1], 20)
    assert len(found) == 8
    assert {n.track_id for n in found[:3]} == members - {ids[-1]}  # own cluster first
    assert all(n.track_id not in members for n in found[3:])
    top = next(c for c in ctx.store.clusters() if c.cluster_id == ctx.store.cluster_of(ids[5]))
    assert top.top_track_ids[:2] == (ids[5], ids[7])
    # After the popular ones (a skipped song is not one of them): nearest the centroid first.
    run = ctx.store.active_run()
    rest = [ids.index(t) for t in top.top_track_ids[2:]]
    z = (matrix[rest] - run.scaler_mean) / run.scaler_std
    dist = ((z - run.centroids[top.cluster_id]) ** 2).sum(axis=1)
    assert list(dist) == sorted(dist)
    assert len(top.top_track_ids) == 25


def test_failed_run_keeps_the_previous_results(spark, ctx, rng):
    ids = add_library(ctx, blobs(rng, [30, 30]))
    first = run_job("train", ctx, spark=spark, k=2, n_neighbours=5)
    before = ctx.store.neighbours(ids[0], 5)

    # A failure inside the Spark workers (bad ranking mode reaches cluster_neighbours there).
    with pytest.raises(Exception, match="rank must be"):
        run_job("train", ctx, spark=spark, k=2, n_neighbours=5, rank="bogus")

    assert ctx.store.active_run().run_id == first.run_id
    assert ctx.store.neighbours(ids[0], 5) == before
    assert not any((ctx.config.cache_dir / "training").iterdir())


def test_cli_train_on_tiny_library_and_on_empty_one(spark, ctx, rng, capsys):
    assert main(["train"]) == 1
    err = capsys.readouterr().err
    assert "nothing analysed yet" in err and err.count("\n") == 1

    add_library(ctx, blobs(rng, [8, 8, 8]))
    assert main(["train", "-n", "5", "-k", "3"]) == 0
    out = capsys.readouterr().out.strip()
    assert out.startswith("trained on 24 tracks: k=3, 120 neighbours written in ")
    assert ctx.store.active_run() is not None
    assert not spark.sparkContext._jsc.sc().isStopped()  # the CLI reused, not stopped, it


def test_border_probe_gives_the_exact_nearest_across_clusters(spark, ctx, rng, partitioned):
    """One Gaussian cut into 3 clusters: many true neighbours lie across a k-means border.
    With LSH admitting every member (and no more other clusters than the probe cap), the job's
    second pass must turn the per-cluster lists into the exact nearest overall."""
    from engine.recommend.shingles import ShingleParams

    matrix = rng.normal(size=(240, D))
    ids = add_library(ctx, matrix)
    summary = run_job(
        "train",
        ctx,
        spark=spark,
        k=3,
        n_neighbours=8,
        shingle_params=ShingleParams(lsh_threshold=0.02),
    )
    assert summary.settings.border_visits > 0 and summary.settings.border_improved_tracks > 0
    run = ctx.store.active_run()
    z = (matrix - run.scaler_mean) / run.scaler_std
    d2 = squared_distances(z, z)
    np.fill_diagonal(d2, np.inf)
    row = {t: i for i, t in enumerate(ids)}
    crossing = 0
    for i, tid in enumerate(ids):
        found = [row[n.track_id] for n in ctx.store.neighbours(tid, 8)]
        # The exact 8 nearest, in hub order (engine.recommend.hubness; tested on its own).
        assert sorted(found) == sorted(np.argsort(d2[i], kind="stable")[:8].tolist())
        crossing += any(ctx.store.cluster_of(ids[j]) != ctx.store.cluster_of(tid) for j in found)
    assert crossing > 24  # a real share of the lists reach across a border


def test_a_small_library_is_searched_whole_and_served_its_exact_nearest(spark, ctx, rng):
    """One Gaussian, so its silhouette mixes cut through neighbourhoods: a library this small
    is still searched whole, and every stored and served list is the exact nearest overall,
    with LSH (at its default threshold) and the cluster borders out of the way."""
    from engine.recommend.recommender import Recommender

    matrix = rng.normal(size=(150, D))
    ids = add_library(ctx, matrix)
    summary = run_job("train", ctx, spark=spark, n_neighbours=8)

    settings = summary.settings
    assert settings.exact_search and not settings.border_probe and summary.k > 1
    assert settings.lsh_candidates_mean == 149 and settings.border_visits == 0
    run = ctx.store.active_run()
    z = (matrix - run.scaler_mean) / run.scaler_std
    d2 = squared_distances(z, z)
    np.fill_diagonal(d2, np.inf)
    row = {t: i for i, t in enumerate(ids)}
    rec = Recommender(ctx.store)
    crossing = 0
    for i, tid in enumerate(ids):
        stored = [n.track_id for n in ctx.store.neighbours(tid, 8)]
        exact = np.argsort(d2[i], kind="stable")[:8].tolist()
        assert sorted(row[t] for t in stored) == sorted(exact)  # in hub order
        assert [r.track.track_id for r in rec.recommend(tid, 5)] == stored[:5]
        crossing += any(ctx.store.cluster_of(ids[j]) != ctx.store.cluster_of(tid) for j in exact)
    assert crossing > 30  # the mixes alone would have cut these lists


def test_metadata_weight_makes_mixes_follow_the_tags(spark, ctx, rng):
    """Audio without structure, two genres: with the metadata block the two mixes are the two
    genres; the audio-only default ignores the tags."""
    matrix = rng.normal(size=(120, D))
    genres = ["Jazz" if i % 2 else "Folk" for i in range(120)]
    ids = add_library(ctx, matrix, genres=genres)
    truth = np.array([g == "Jazz" for g in genres])

    def labels() -> np.ndarray:
        return np.array([ctx.store.cluster_of(t) for t in ids])

    summary = run_job("train", ctx, spark=spark, k=2, n_neighbours=5, metadata_weight=1.0)
    assert summary.settings.metadata_weight == 1.0
    assert adjusted_rand(labels(), truth) == 1.0
    run = ctx.store.active_run()
    assert run.centroids.shape == (2, D)  # the audio part: new tracks are placed by audio
    run_job("train", ctx, spark=spark, k=2, n_neighbours=5)
    assert adjusted_rand(labels(), truth) < 0.2


def test_a_library_larger_than_the_fit_sample_is_clustered_whole(spark, ctx, rng, monkeypatch):
    from engine.recommend import clustering

    monkeypatch.setattr(clustering, "FIT_ROWS_PER_CENTRE", 20)  # fitted on ~half the tracks
    truth = np.repeat(np.arange(3), 40)
    ids = add_library(ctx, blobs(rng, [40, 40, 40]))

    summary = run_job("train", ctx, spark=spark, k=3, n_neighbours=5)

    assert summary.n_tracks == 120 and summary.neighbours_written == 120 * 5
    labels = np.array([ctx.store.cluster_of(t) for t in ids])
    assert adjusted_rand(labels, truth) == pytest.approx(1.0)


def test_the_lists_table_reads_the_same_rows_from_parquet_and_from_spark(spark, tmp_path):
    import pandas as pd

    from engine.recommend.lists_table import ListsTable

    frame = spark.createDataFrame(
        pd.DataFrame(
            {
                "track_id": ["a", "b", "c"],
                "cluster": [0, 0, 1],
                "listed": ["text of a", "text of b", "text of c"],
                "d2s": [[0.1, 0.4], [0.1], []],
            }
        )
    )
    expected = {
        ("a", "text of a", 2, (0.1, 0.4)),
        ("b", "text of b", 1, (0.1,)),
        ("c", "text of c", 0, ()),
    }
    # Merging only b: the others come as their text and length, without their distances.
    table = ListsTable.keep(frame, tmp_path / "first-pass")
    assert {tuple(map(_frozen, row)) for row in table.rows(merging={"b"})} == {
        ("a", "text of a", 2, ()),
        ("b", "text of b", 1, (0.1,)),
        ("c", "text of c", 0, ()),
    }
    table.release()
    for directory in (tmp_path / "first-pass", None):
        table = ListsTable.keep(frame, directory)
        assert table.frame.count() == 3
        assert {tuple(map(_frozen, row)) for row in table.rows()} == expected
        table.release()
    assert not (tmp_path / "first-pass").exists()


def _frozen(value):
    return value if isinstance(value, str | int) else tuple(value)


def test_the_snapshot_is_read_as_one_even_partition_per_core_without_a_shuffle(spark, ctx, rng):
    from engine.spark.snapshot import features_frame

    ids = [f"t{i:04d}" for i in range(1001)]
    matrix = rng.normal(size=(1001, 5)).astype(np.float32)
    snapshot = features_frame(spark, ctx.config, "run-parts", ids, matrix)
    try:
        frame = snapshot.frame
        sizes = frame.rdd.mapPartitions(lambda rows: [sum(1 for _ in rows)]).collect()
        assert sorted(sizes) == [500, 501]  # the test session's 2 cores
        assert "Exchange" not in frame._jdf.queryExecution().executedPlan().toString()
        got = {r["track_id"]: r["f004"] for r in frame.select("track_id", "f004").collect()}
        assert got == {t: pytest.approx(float(v)) for t, v in zip(ids, matrix[:, 4], strict=True)}
    finally:
        snapshot.remove()
    assert not snapshot.directory.exists()
