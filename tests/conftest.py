"""Session-wide test setup: isolated data dirs, offscreen Qt, a kept numba cache."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from hypothesis import settings as hypothesis_settings

# Fixtures that start real servers on 127.0.0.1 (mongod_uri, ...), usable from every test dir.
pytest_plugins = ("tests.servers.mongod", "tests.servers.tansu", "tests.servers.spark_cluster")

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "clips"

# Property tests draw the same cases on every run: a red CI must mean a change broke
# something, never a new random draw (a case a draw once found stays as an @example).
hypothesis_settings.register_profile("encore", derandomize=True, database=None)
hypothesis_settings.load_profile("encore")

# Before anything imports Qt or librosa.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("NUMBA_CACHE_DIR", str(REPO / ".cache" / "numba"))


def _own_assets() -> None:
    """Read ``encore_assets`` (icons, theme, translations) from this checkout's ``assets/``.

    The editable install maps the package to the checkout pip ran in; a git worktree sharing
    that venv would otherwise test another checkout's theme and icons beside its own code."""
    import importlib.util
    import sys

    here = REPO / "assets"
    spec = importlib.util.find_spec("encore_assets")
    if spec is None or spec.origin is None or Path(spec.origin).parent == here:
        return
    own = importlib.util.spec_from_file_location(
        "encore_assets", here / "__init__.py", submodule_search_locations=[str(here)]
    )
    assert own is not None and own.loader is not None
    module = importlib.util.module_from_spec(own)
    sys.modules["encore_assets"] = module
    own.loader.exec_module(module)


_own_assets()


@pytest.fixture(autouse=True)
def encore_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own ENCORE_HOME and config file, never the user's."""
    home = tmp_path_factory.mktemp("encore-home")
    monkeypatch.setenv("ENCORE_HOME", str(home))
    monkeypatch.setenv("ENCORE_CONFIG", str(home / "config.toml"))
    for var in (
        "ENCORE_MONGO",
        "ENCORE_KAFKA",
        "ENCORE_SPARK",
        "ENCORE_SPARK_SHARED_DIR",
        "ENCORE_SPARK_PYTHON",
        "ENCORE_WORKERS",
    ):
        monkeypatch.delenv(var, raising=False)
    return home


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(20261121)


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not (CORPUS / "manifest.csv").is_file():
        pytest.fail(
            f"test corpus not found at {CORPUS}: CI must run with ../shared beside the repo"
        )
    return CORPUS
