"""The benchmarks' scratch folders go however a run ends, and ENCORE_HOME is put back."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench.scratch import encore_home, scratch_folder


def test_a_scratch_folder_is_removed_when_the_run_fails() -> None:
    with pytest.raises(RuntimeError), scratch_folder("encore-test-") as tmp:
        (tmp / "home").mkdir()
        (tmp / "home" / "library.db").write_bytes(b"x" * 1000)
        held = tmp
        raise RuntimeError("the bench failed half way")
    assert not held.exists()


def test_encore_home_is_a_scratch_folder_and_then_what_it_was(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("ENCORE_HOME", str(tmp_path / "mine"))
    with encore_home(prefix="encore-test-") as home:
        assert Path(os.environ["ENCORE_HOME"]) == home
        (home / "events.db").write_bytes(b"x")
    assert not home.exists()
    assert os.environ["ENCORE_HOME"] == str(tmp_path / "mine")


def test_a_home_given_is_kept(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("ENCORE_HOME", raising=False)
    kept = tmp_path / "kept"
    kept.mkdir()
    with pytest.raises(KeyboardInterrupt), encore_home(kept):
        raise KeyboardInterrupt
    assert kept.is_dir()
    assert "ENCORE_HOME" not in os.environ
