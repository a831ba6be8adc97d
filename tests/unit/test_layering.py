"""Architecture rules that a refactor could silently break."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GUI_MODULES = {"PySide6", "PyQt5", "PyQt6", "shiboken6"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_engine_never_imports_a_gui_toolkit() -> None:
    offenders = {
        str(path.relative_to(REPO)): sorted(_imports(path) & GUI_MODULES)
        for path in (REPO / "engine").rglob("*.py")
        if _imports(path) & GUI_MODULES
    }
    assert offenders == {}


def test_engine_never_imports_desktop_or_backend() -> None:
    # Every import statement counts, including those inside functions: the engine is the layer
    # the desktop and the backend build on, never the other way round.
    upper = {"desktop", "backend"}
    offenders = {
        str(path.relative_to(REPO)): sorted(_imports(path) & upper)
        for path in (REPO / "engine").rglob("*.py")
        if _imports(path) & upper
    }
    assert offenders == {}


def test_the_backend_worker_command_reaches_the_engine_cli_as_a_plugin() -> None:
    # The installed entry point (pyproject.toml) is the only way ``encore worker`` exists.
    from engine.cli import command_names

    assert "worker" in command_names()


def test_engine_cli_runs_without_qt_loaded() -> None:
    code = (
        "import sys, engine.cli; engine.cli.build_parser(); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'PySide6', 'shiboken6', 'desktop'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_ruff_is_clean() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--quiet", str(REPO)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
