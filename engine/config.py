"""Typed settings from a TOML file and ``ENCORE_*`` environment variables.

Precedence, lowest first: built-in defaults, ``config.toml`` in the user config dir
(``$XDG_CONFIG_HOME/encore`` or ``~/.config/encore``; ``ENCORE_CONFIG`` names another file),
then environment variables. ``ENCORE_MONGO``, ``ENCORE_KAFKA`` and ``ENCORE_SPARK`` each switch
one part to server mode; left unset, that part stays embedded.
"""

from __future__ import annotations

import os
import tomllib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from engine.errors import ConfigError

EMBEDDED_SPARK = "local[*]"


def _xdg(var: str, fallback: str, env: Mapping[str, str]) -> Path:
    value = env.get(var)
    return Path(value) if value else Path.home() / fallback


@dataclass(frozen=True, slots=True)
class Config:
    home: Path
    mongo_uri: str | None = None
    kafka_bootstrap: str | None = None
    spark_master: str = EMBEDDED_SPARK
    # Cluster masters only: a directory mounted at this same path on the driver and on every
    # Spark worker; the training snapshot goes there as Parquet. Unset: the snapshot reaches
    # the executors as Arrow batches through the driver (no shared storage needed).
    spark_shared_dir: Path | None = None
    # The Python the executors start for Encore's UDFs (a path valid on the workers); unset:
    # $PYSPARK_PYTHON, else this interpreter's path.
    spark_python: str | None = None
    analysis_workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    device_id: str = ""
    library_folders: tuple[str, ...] = ()
    output_device: str | None = None
    loudness_normalisation: bool = True
    config_file: Path | None = None

    @property
    def db_path(self) -> Path:
        return self.home / "library.sqlite3"

    @property
    def events_path(self) -> Path:
        return self.home / "events.sqlite3"

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache"

    @property
    def log_dir(self) -> Path:
        return self.home / "logs"

    @property
    def server_mode(self) -> bool:
        return bool(self.mongo_uri or self.kafka_bootstrap or self.spark_master != EMBEDDED_SPARK)

    def ensure_dirs(self) -> None:
        for path in (self.home, self.cache_dir, self.log_dir):
            path.mkdir(parents=True, exist_ok=True)


# TOML key -> (field name, converter)
_TOML_KEYS: dict[str, str] = {
    "home": "home",
    "mongo": "mongo_uri",
    "kafka": "kafka_bootstrap",
    "spark": "spark_master",
    "spark_shared_dir": "spark_shared_dir",
    "spark_python": "spark_python",
    "analysis_workers": "analysis_workers",
    "device_id": "device_id",
    "library_folders": "library_folders",
    "output_device": "output_device",
    "loudness_normalisation": "loudness_normalisation",
}

_ENV_KEYS: dict[str, str] = {
    "ENCORE_HOME": "home",
    "ENCORE_MONGO": "mongo_uri",
    "ENCORE_KAFKA": "kafka_bootstrap",
    "ENCORE_SPARK": "spark_master",
    "ENCORE_SPARK_SHARED_DIR": "spark_shared_dir",
    "ENCORE_SPARK_PYTHON": "spark_python",
    "ENCORE_WORKERS": "analysis_workers",
    "ENCORE_DEVICE_ID": "device_id",
    "ENCORE_OUTPUT_DEVICE": "output_device",
}


def _convert(name: str, value: Any, origin: str) -> Any:
    try:
        if name == "home":
            return Path(str(value)).expanduser()
        if name == "spark_shared_dir":
            text = str(value).strip()
            return Path(text).expanduser() if text else None
        if name == "analysis_workers":
            workers = int(value)
            if workers < 1:
                raise ValueError("must be at least 1")
            return workers
        if name == "library_folders":
            if isinstance(value, str):
                return tuple(p for p in value.split(os.pathsep) if p)
            return tuple(str(p) for p in value)
        if name == "loudness_normalisation":
            if isinstance(value, str):
                return value.strip().lower() in ("1", "true", "yes", "on")
            return bool(value)
        text = str(value).strip()
        return text or None if name != "spark_master" else (text or EMBEDDED_SPARK)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{origin}: invalid value {value!r} ({exc})") from None


def default_config_file(env: Mapping[str, str]) -> Path:
    if env.get("ENCORE_CONFIG"):
        return Path(env["ENCORE_CONFIG"]).expanduser()
    return _xdg("XDG_CONFIG_HOME", ".config", env) / "encore" / "config.toml"


def load_config(env: Mapping[str, str] | None = None, path: Path | None = None) -> Config:
    """Build the effective configuration; raises :class:`ConfigError` naming the bad key."""
    env = os.environ if env is None else env
    config_file = path or default_config_file(env)
    values: dict[str, Any] = {}
    if config_file.is_file():
        try:
            data = tomllib.loads(config_file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{config_file}: cannot read config ({exc})") from None
        for key, value in data.items():
            if key not in _TOML_KEYS:
                raise ConfigError(f"{config_file}: unknown key {key!r}")
            name = _TOML_KEYS[key]
            values[name] = _convert(name, value, f"{config_file}: {key}")
    for var, name in _ENV_KEYS.items():
        if var in env and env[var] != "":
            values[name] = _convert(name, env[var], var)
    home = values.pop("home", None) or _xdg("XDG_DATA_HOME", ".local/share", env) / "encore"
    config = Config(home=home, config_file=config_file, **values)
    if not config.device_id:
        config = replace(config, device_id=_stable_device_id(config.home))
    return config


def _stable_device_id(home: Path) -> str:
    """A per-installation id, kept in the data dir so play events stay attributable."""
    marker = home / "device-id"
    try:
        existing = marker.read_text(encoding="ascii").strip()
        if existing:
            return existing
    except OSError:
        pass
    device_id = uuid.uuid4().hex
    try:
        home.mkdir(parents=True, exist_ok=True)
        marker.write_text(device_id, encoding="ascii")
    except OSError:
        pass  # read-only home: an id per run is still a valid id
    return device_id


def save_config(config: Config, path: Path | None = None) -> Path:
    """Write the user-editable part of ``config`` as TOML (used by the Settings view)."""
    target = path or config.config_file or default_config_file(os.environ)
    reverse = {name: key for key, name in _TOML_KEYS.items()}
    lines = []
    for f in fields(config):
        key = reverse.get(f.name)
        value = getattr(config, f.name)
        if key is None or value is None or key == "home":
            continue
        lines.append(f"{key} = {_toml_value(value)}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    escaped = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
