from __future__ import annotations

from pathlib import Path

import pytest

from engine.config import EMBEDDED_SPARK, load_config, save_config
from engine.errors import ConfigError


def test_defaults_are_embedded(tmp_path: Path) -> None:
    config = load_config(env={"ENCORE_HOME": str(tmp_path)}, path=tmp_path / "none.toml")
    assert config.home == tmp_path
    assert config.mongo_uri is None and config.kafka_bootstrap is None
    assert config.spark_master == EMBEDDED_SPARK
    assert not config.server_mode
    assert config.db_path.parent == tmp_path
    assert config.device_id == load_config(env={"ENCORE_HOME": str(tmp_path)}).device_id


def test_env_overrides_file(tmp_path: Path) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text('mongo = "mongodb://127.0.0.1:1"\nanalysis_workers = 3\n')
    env = {
        "ENCORE_HOME": str(tmp_path),
        "ENCORE_KAFKA": "127.0.0.1:9092",
        "ENCORE_SPARK": "spark://127.0.0.1:7077",
        "ENCORE_WORKERS": "1",
    }
    config = load_config(env=env, path=cfg)
    assert config.mongo_uri == "mongodb://127.0.0.1:1"
    assert config.kafka_bootstrap == "127.0.0.1:9092"
    assert config.spark_master == "spark://127.0.0.1:7077"
    assert config.analysis_workers == 1
    assert config.server_mode


@pytest.mark.parametrize(
    ("text", "needle"),
    [("bogus = 1\n", "unknown key 'bogus'"), ("analysis_workers = 0\n", "analysis_workers")],
)
def test_bad_file_names_the_key(tmp_path: Path, text: str, needle: str) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text(text)
    with pytest.raises(ConfigError, match=needle):
        load_config(env={"ENCORE_HOME": str(tmp_path)}, path=cfg)


def test_bad_env_names_the_variable(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="ENCORE_WORKERS"):
        load_config(env={"ENCORE_HOME": str(tmp_path), "ENCORE_WORKERS": "many"})


def test_save_round_trip(tmp_path: Path) -> None:
    env = {"ENCORE_HOME": str(tmp_path), "ENCORE_MONGO": "mongodb://127.0.0.1:27017"}
    config = load_config(env=env, path=tmp_path / "c.toml")
    written = save_config(config, tmp_path / "out.toml")
    again = load_config(env={"ENCORE_HOME": str(tmp_path)}, path=written)
    assert again.mongo_uri == config.mongo_uri
    assert again.loudness_normalisation == config.loudness_normalisation
