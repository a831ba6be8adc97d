"""The XDG base directories Encore uses, each from its variable or the spec's fallback.

https://specifications.freedesktop.org/basedir-spec/ : data (``$XDG_DATA_HOME``, the library),
config (``$XDG_CONFIG_HOME``, config.toml), cache (``$XDG_CACHE_HOME``: compiled numba code,
training snapshots; safe to delete) and state (``$XDG_STATE_HOME``: logs). A relative value is
invalid under the spec and ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path


def _base(var: str, fallback: str, env: Mapping[str, str]) -> Path:
    value = env.get(var, "")
    return Path(value) if value and Path(value).is_absolute() else Path.home() / fallback


def data_home(env: Mapping[str, str]) -> Path:
    return _base("XDG_DATA_HOME", ".local/share", env)


def config_home(env: Mapping[str, str]) -> Path:
    return _base("XDG_CONFIG_HOME", ".config", env)


def cache_home(env: Mapping[str, str]) -> Path:
    return _base("XDG_CACHE_HOME", ".cache", env)


def state_home(env: Mapping[str, str]) -> Path:
    return _base("XDG_STATE_HOME", ".local/state", env)
