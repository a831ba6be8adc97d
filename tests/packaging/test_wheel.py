"""The built wheel is complete: installed without the repository, it finds all of its assets.

A wheel is built from a copy of the sources (the build leaves ``build/`` and ``*.egg-info``
behind, which must not land in the worktree), installed non-editable with ``--no-deps`` into a
scratch target, and run from there in a fresh interpreter whose path has the target first and
the repository nowhere (dependencies come from the venv's site-packages).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from tests.packaging.conftest import CODE_PACKAGES, REPO, SOURCES, installed_env

pytestmark = pytest.mark.slow


def test_the_wheel_holds_every_source_file_and_assets_only_inside_a_package(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    top = {name.split("/")[0] for name in names}
    assert top - {n for n in top if n.endswith(".dist-info")} == {*CODE_PACKAGES, "encore_assets"}
    for package in CODE_PACKAGES:
        for path in (REPO / package).rglob("*.py"):
            assert path.relative_to(REPO).as_posix() in names
    for path in (REPO / "assets").rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            assert f"encore_assets/{path.relative_to(REPO / 'assets').as_posix()}" in names
    assert "engine/spark/log4j2.properties" in names


def test_the_installed_wheel_finds_every_icon_and_the_theme(target: Path, tmp_path: Path) -> None:
    icons = sorted(p.stem for p in (REPO / "assets" / "icons").glob("*.svg"))
    assert icons
    check = tmp_path / "installed_check.py"
    shutil.copy2(Path(__file__).with_name("installed_check.py"), check)
    result = subprocess.run(
        [sys.executable, "-I", str(check), str(target), *icons],
        cwd=tmp_path,
        env=installed_env(target, tmp_path / "home"),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().endswith("ok")


def test_the_installed_console_script_runs(target: Path, tmp_path: Path) -> None:
    env = installed_env(target, tmp_path / "home")
    script = target / "bin" / "encore"
    helped = subprocess.run(
        [str(script), "--help"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert helped.returncode == 0, helped.stderr
    assert "usage: encore" in helped.stdout and "import" in helped.stdout
    versioned = subprocess.run(
        [str(script), "--version"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert versioned.stdout.strip() == f"encore {project['version']}"


def test_the_backend_image_copies_every_source_of_the_wheel() -> None:
    # The image runs `pip install .` on what it copied: a missing source fails its build (or,
    # for desktop/, leaves the `encore` console script without its entry module).
    text = (REPO / "backend" / "Dockerfile").read_text(encoding="utf-8")
    copied = {
        source.rstrip("/")
        for line in re.findall(r"^COPY\s+(.+?)\s+\S+$", text, flags=re.MULTILINE)
        for source in line.split()
    }
    assert set(SOURCES) <= copied
