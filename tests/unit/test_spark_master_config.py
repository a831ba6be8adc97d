"""Cluster settings without a JVM: master URLs, loopback binding, the unreachable-master error,
and the config keys that place the training snapshot."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from engine.analysis.features import FEATURE_NAMES
from engine.cli import main
from engine.config import load_config
from engine.context import build_context
from engine.feature_version import FEATURE_VERSION
from engine.models import Track, TrackFeatures
from engine.spark.session import (
    SparkStartError,
    binds_loopback,
    check_master_reachable,
    master_addresses,
    spark_conf,
)
from engine.spark.snapshot import choose_kind
from tests.servers.mongod import free_port


def test_master_addresses_of_standalone_urls() -> None:
    assert master_addresses("spark://10.0.0.5:7077") == [("10.0.0.5", 7077)]
    assert master_addresses("spark://a:1, b") == [("a", 1), ("b", 7077)]
    assert master_addresses("local[2]") == [] and master_addresses("yarn") == []
    with pytest.raises(SparkStartError, match="bad port"):
        master_addresses("spark://host:notaport")


def test_driver_binds_loopback_only_for_local_or_loopback_masters() -> None:
    assert binds_loopback("local[*]") and binds_loopback("spark://127.0.0.1:7077")
    assert binds_loopback("spark://localhost:7077")
    assert not binds_loopback("spark://spark-master:7077")
    assert spark_conf("spark://127.0.0.1:7077")["spark.driver.bindAddress"] == "127.0.0.1"
    assert "spark.driver.host" not in spark_conf("spark://spark-master:7077")


def test_unreachable_master_is_one_line_in_well_under_the_connect_timeout() -> None:
    url = f"spark://127.0.0.1:{free_port()}"
    started = time.monotonic()
    with pytest.raises(SparkStartError) as failed:
        check_master_reachable(url)
    assert time.monotonic() - started < 5
    assert str(failed.value).startswith(f"Spark master {url} is unreachable (127.0.0.1:")
    assert "\n" not in str(failed.value)


def test_cli_train_against_an_unreachable_master_exits_1_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys, rng: np.random.Generator
) -> None:
    url = f"spark://127.0.0.1:{free_port()}"
    monkeypatch.setenv("ENCORE_SPARK", url)
    with build_context(load_config()) as ctx:
        ids = [f"{i:032x}" for i in range(3)]
        ctx.store.upsert_tracks(Track(t, f"/m/{t}.ogg", t) for t in ids)
        ctx.store.put_features(
            TrackFeatures(
                t,
                rng.normal(size=len(FEATURE_NAMES)).astype(np.float32),
                FEATURE_NAMES,
                FEATURE_VERSION,
                Track("", "", "").signature.token(),  # the tracks' own: not stale
            )
            for t in ids
        )
        assert ctx.store.active_run() is None
    assert main(["train"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"Spark master {url} is unreachable" in err


def test_snapshot_placement_follows_master_and_shared_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("ENCORE_SPARK_SHARED_DIR", str(tmp_path / "shared"))
    monkeypatch.setenv("ENCORE_SPARK_PYTHON", "/opt/venv/bin/python")
    config = load_config()
    assert config.spark_shared_dir == tmp_path / "shared"
    assert config.spark_python == "/opt/venv/bin/python"
    assert choose_kind("local[*]", config.spark_shared_dir) == "parquet"
    assert choose_kind("spark://h:7077", config.spark_shared_dir) == "shared-parquet"
    assert choose_kind("spark://h:7077", None) == "arrow"
    toml = tmp_path / "config.toml"
    toml.write_text('spark_shared_dir = "~/spark-shared"\n', encoding="utf-8")
    monkeypatch.delenv("ENCORE_SPARK_SHARED_DIR")
    assert load_config(path=toml).spark_shared_dir == Path("~/spark-shared").expanduser()
