"""Where Encore keeps caches and logs, and the rotating log file the CLI and desktop write."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from engine.config import load_config

REPO = Path(__file__).resolve().parents[2]


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        "HOME": str(tmp_path / "user"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        **extra,
    }


def test_caches_and_logs_follow_the_xdg_dirs(tmp_path: Path) -> None:
    config = load_config(env=_env(tmp_path))
    assert config.home == tmp_path / "data" / "encore"
    assert config.cache_dir == tmp_path / "cache" / "encore"
    assert config.log_file == tmp_path / "state" / "encore" / "logs" / "encore.log"
    assert config.config_file == tmp_path / "config" / "encore" / "config.toml"


def test_relative_xdg_values_are_ignored_as_the_spec_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "user"))
    env = {"HOME": str(tmp_path / "user"), "XDG_CACHE_HOME": "rel/cache", "XDG_STATE_HOME": ""}
    config = load_config(env=env)
    assert config.cache_dir == tmp_path / "user" / ".cache" / "encore"
    assert config.log_dir == tmp_path / "user" / ".local" / "state" / "encore" / "logs"


def test_a_chosen_home_holds_everything(tmp_path: Path) -> None:
    home = tmp_path / "mine"
    config = load_config(env=_env(tmp_path, ENCORE_HOME=str(home)))
    assert (config.home, config.cache_dir, config.log_dir) == (home, home / "cache", home / "logs")
    config.ensure_dirs()
    assert not (tmp_path / "cache").exists() and not (tmp_path / "state").exists()


def _run(code: str, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ENCORE_HOME": str(home), "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, *(["-c", code] if code else []), *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_cli_logs_each_command_and_its_failure_to_the_log_file(tmp_path: Path) -> None:
    home = tmp_path / "home"
    ok = _run("", home, "-m", "engine.cli", "status")
    assert ok.returncode == 0, ok.stderr
    failed = _run("", home, "-m", "engine.cli", "recommend", "no-such-song")
    assert failed.returncode == 1
    assert failed.stderr.count("\n") == 1  # still exactly one line on stderr
    log = (home / "logs" / "encore.log").read_text(encoding="utf-8")
    assert "encore status" in log and "encore recommend" in log
    reason = failed.stderr.removeprefix("encore: ").strip()
    assert f"ERROR encore.file: encore recommend: {reason}" in log


def test_uncaught_exceptions_reach_the_log_once_and_stderr_once(tmp_path: Path) -> None:
    home = tmp_path / "home"
    code = (
        "import threading; from pathlib import Path; from engine.logs import start_log_file; "
        f"start_log_file(Path({str(home / 'encore.log')!r}), 'probe'); "
        "t = threading.Thread(target=lambda: 1 / 0, name='worker-7'); t.start(); t.join(); "
        "raise RuntimeError('boom at the top')"
    )
    result = _run(code, home)
    assert result.returncode == 1
    log = (home / "encore.log").read_text(encoding="utf-8")
    assert "uncaught exception in thread worker-7" in log and "ZeroDivisionError" in log
    assert "CRITICAL encore.file: uncaught exception\n" in log and "boom at the top" in log
    assert result.stderr.count("RuntimeError: boom at the top") == 1


def test_the_log_rotates_and_keeps_three_old_files(tmp_path: Path) -> None:
    home = tmp_path / "home"
    code = (
        "import logging; from pathlib import Path; from engine.logs import start_log_file; "
        f"start_log_file(Path({str(home / 'encore.log')!r}), 'probe'); "
        "log = logging.getLogger('engine.probe'); "
        "[log.info('line %d %s', i, 'x' * 1000) for i in range(5000)]"
    )
    result = _run(code, home)
    assert result.returncode == 0, result.stderr
    files = sorted(p.name for p in home.iterdir())
    assert files == ["encore.log", "encore.log.1", "encore.log.2", "encore.log.3"]
    assert all((home / name).stat().st_size <= 1_000_000 for name in files)
    assert "line 4999 " in (home / "encore.log").read_text(encoding="utf-8")
    assert result.stderr == ""  # INFO records go to the file only
