from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.config import EMBEDDED_SPARK, load_config, load_config_or_defaults, save_config
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


# --- saving any folder name ------------------------------------------------------------------

# Folder names as Linux allows them: any byte but NUL ('/' separates components). Built from
# bytes, so names that are not UTF-8 arrive as surrogate-escaped str, as os.listdir gives them.
_component = st.binary(min_size=1, max_size=24).map(
    lambda b: b.replace(b"\0", b"").replace(b"/", b"")
)
_folder = st.lists(_component.filter(bool), min_size=1, max_size=4).map(
    lambda parts: os.fsdecode(b"/" + b"/".join(parts))
)
# And names typed as text: newlines, quotes, backslashes, control characters, TOML syntax.
_typed = st.text(
    alphabet=st.sampled_from(list("\n\r\t\"'\\[]{}=#,.x é\x01\x1b\x7f\u2028")), min_size=1
)


# Derandomised: the same examples every run (the suite is deterministic), no example database.
@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(folders=st.lists(_folder | _typed, max_size=5), device=st.none() | _typed)
def test_any_folder_name_saves_and_loads_back_equal(
    tmp_path_factory: pytest.TempPathFactory, folders: list[str], device: str | None
) -> None:
    home = tmp_path_factory.mktemp("roundtrip")
    env = {"ENCORE_HOME": str(home)}
    config = replace(
        load_config(env=env, path=home / "none.toml"),
        library_folders=tuple(folders),
        output_device=device.strip() or None if device else None,
    )
    written = save_config(config, home / "config.toml")
    again = load_config(env=env, path=written)
    assert again.library_folders == config.library_folders
    assert [os.fsencode(f) for f in again.library_folders] == [os.fsencode(f) for f in folders]
    assert again.output_device == config.output_device


def test_a_name_that_is_not_utf8_is_stored_as_escaped_bytes(tmp_path: Path) -> None:
    folder = os.fsdecode(b"/music/caf\xe9 \\x41")
    config = replace(load_config(env={"ENCORE_HOME": str(tmp_path)}), library_folders=(folder,))
    written = save_config(config, tmp_path / "config.toml")
    text = written.read_text(encoding="utf-8")  # the file itself is valid UTF-8
    assert '{ bytes = "/music/caf\\\\xe9 \\\\\\\\x41" }' in text
    assert load_config(env={"ENCORE_HOME": str(tmp_path)}, path=written).library_folders == (
        folder,
    )


def test_a_newline_in_a_folder_name_no_longer_breaks_the_next_start(tmp_path: Path) -> None:
    config = replace(load_config(env={"ENCORE_HOME": str(tmp_path)}), library_folders=("/a\nb",))
    written = save_config(config, tmp_path / "config.toml")
    assert load_config(env={"ENCORE_HOME": str(tmp_path)}, path=written).library_folders == (
        "/a\nb",
    )


def test_save_is_atomic_a_failed_write_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import engine.config_file

    target = tmp_path / "config.toml"
    base = load_config(env={"ENCORE_HOME": str(tmp_path)}, path=target)
    save_config(replace(base, library_folders=("/old",)), target)
    before = target.read_bytes()

    def no_space(src: str, dst: str) -> None:  # the disk fills up before the rename
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(engine.config_file.os, "replace", no_space)
    with pytest.raises(OSError, match="No space"):
        save_config(replace(base, library_folders=("/new",)), target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if "config" in p.name] == ["config.toml"]


def test_a_malformed_bytes_table_is_refused_naming_the_line(tmp_path: Path) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text('analysis_workers = 2\nlibrary_folders = [{ bytes = "bad \\\\q" }]\n')
    with pytest.raises(ConfigError, match=r"config.toml line 2: library_folders"):
        load_config(env={"ENCORE_HOME": str(tmp_path)}, path=cfg)


# --- a config that cannot be read never stops the desktop --------------------------------------


def test_unreadable_file_starts_on_defaults_and_is_kept_as_bad(tmp_path: Path) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text('analysis_workers = 3\nlibrary_folders = ["/a\nb"]\n')
    env = {"ENCORE_HOME": str(tmp_path), "ENCORE_CONFIG": str(cfg)}
    loaded = load_config_or_defaults(env)
    assert loaded.config.library_folders == ()
    assert loaded.config.analysis_workers != 3 or (os.cpu_count() or 1) == 3
    assert loaded.moved_to == tmp_path / "config.toml.bad"
    assert loaded.moved_to.read_text().startswith("analysis_workers = 3")
    assert not cfg.exists()
    (problem,) = loaded.problems
    assert str(cfg) in problem and "line 2" in problem and "config.toml.bad" in problem
    assert "\n" not in problem
    # Settings saves a new file beside the kept one; the next start reads it.
    save_config(replace(loaded.config, library_folders=("/a\nb",)))
    assert load_config_or_defaults(env).config.library_folders == ("/a\nb",)


@pytest.mark.parametrize(
    ("text", "line"), [("x = 1\n", 1), ("analysis_workers = 2\n\nspark = 7\n", 3)]
)
def test_bad_key_or_value_names_its_line(tmp_path: Path, text: str, line: int) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text(text)
    loaded = load_config_or_defaults({"ENCORE_HOME": str(tmp_path), "ENCORE_CONFIG": str(cfg)})
    assert f"{cfg} line {line}:" in loaded.problems[0]


def test_bad_environment_value_is_left_out_in_one_line(tmp_path: Path) -> None:
    env = {"ENCORE_HOME": str(tmp_path), "ENCORE_WORKERS": "many\nthreads", "ENCORE_KAFKA": "h:1"}
    loaded = load_config_or_defaults(env)
    assert loaded.config.kafka_bootstrap == "h:1"
    assert loaded.config.analysis_workers == (os.cpu_count() or 1)
    (problem,) = loaded.problems
    assert problem.startswith("ENCORE_WORKERS: invalid value") and "\n" not in problem


def test_cli_reports_a_bad_environment_value_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from engine.cli import main

    monkeypatch.setenv("ENCORE_WORKERS", "0")
    assert main(["status"]) != 0
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "ENCORE_WORKERS" in err and "Traceback" not in err


def test_a_file_that_is_not_utf8_names_its_line(tmp_path: Path) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_bytes(b'analysis_workers = 2\noutput_device = "caf\xe9"\n')
    with pytest.raises(ConfigError, match=r"config.toml: cannot read config \(line 2: not UTF-8"):
        load_config(env={"ENCORE_HOME": str(tmp_path)}, path=cfg)


def test_a_data_folder_that_cannot_be_created_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    config = load_config(env={"ENCORE_HOME": str(tmp_path / "file" / "home")})
    with pytest.raises(ConfigError, match="cannot create the data folder"):
        config.ensure_dirs()
