"""A wheel built from a copy of the sources and installed non-editable into a scratch target,
shared by the packaging tests (building it takes a few seconds)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SOURCES = ("pyproject.toml", "setup.py", "README.md", "engine", "desktop", "backend", "assets")
CODE_PACKAGES = ("engine", "desktop", "backend")


def installed_env(target: Path, home: Path) -> dict[str, str]:
    """The environment of a process that must import Encore from ``target`` only."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ENCORE_", "XDG_"))}
    env.update(
        PYTHONPATH=str(target),
        ENCORE_HOME=str(home),
        ENCORE_CONFIG=str(home / "config.toml"),
        QT_QPA_PLATFORM="offscreen",
    )
    return env


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for name in SOURCES:
        path = REPO / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(path, src / name)
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(src),
        ],
        check=True,
    )
    (built,) = out.glob("encore-*.whl")
    return built


@pytest.fixture(scope="session")
def target(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("target")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-compile",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    return target
