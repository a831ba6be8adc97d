"""Typed settings from a TOML file and ``ENCORE_*`` environment variables.

Precedence, lowest first: built-in defaults, ``config.toml`` in the user config dir
(``$XDG_CONFIG_HOME/encore`` or ``~/.config/encore``; ``ENCORE_CONFIG`` names another file),
then environment variables. ``ENCORE_MONGO``, ``ENCORE_KAFKA`` and ``ENCORE_SPARK`` each switch
one part to server mode; left unset, that part stays embedded.

The file is read with ``tomllib`` and written with ``tomli_w``, atomically; a path that is not
UTF-8 is stored as ``{ bytes = "..." }`` and reads back as the same ``str`` (the format is in
:mod:`engine.config_file`). :func:`load_config` refuses a bad file or variable with one
:class:`ConfigError` line naming it (and the line); :func:`load_config_or_defaults` is the
desktop's start-up: it never refuses, it reports.
"""

from __future__ import annotations

import os
import tomllib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from engine import xdg
from engine.config_file import (
    NotTextError,
    from_toml,
    line_of,
    read_toml,
    to_toml,
    write_toml_atomic,
)
from engine.eq_settings import EqSettings
from engine.errors import ConfigError

EMBEDDED_SPARK = "local[*]"


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
    # The listener this machine's events belong to (For you, listeners like you, history
    # clear): one name for a person's several devices; unset, the device is the listener.
    profile: str | None = None
    library_folders: tuple[str, ...] = ()
    output_device: str | None = None
    loudness_normalisation: bool = True
    notifications: bool = True  # a desktop notification when the song changes
    equaliser: EqSettings = field(default_factory=EqSettings)  # [equaliser]; off by default
    # The user and password in ``mongo_uri`` came from ENCORE_MONGO_USER/ENCORE_MONGO_PASSWORD:
    # save_config writes the URI without them (a secret given apart never lands in the file).
    mongo_credentials_from_env: bool = False
    config_file: Path | None = None
    # The XDG cache and state dirs (engine/xdg.py). None when the data dir was chosen
    # (ENCORE_HOME or ``home``): everything then lives under it, so one folder holds a whole
    # installation (and a test's, which never touches the user's dirs).
    cache_root: Path | None = None
    state_root: Path | None = None

    @property
    def listener(self) -> str:
        return self.profile or self.device_id

    @property
    def db_path(self) -> Path:
        return self.home / "library.sqlite3"

    @property
    def events_path(self) -> Path:
        return self.home / "events.sqlite3"

    @property
    def cache_dir(self) -> Path:
        """Compiled numba code, training snapshots: anything that can be rebuilt."""
        return self.cache_root or self.home / "cache"

    @property
    def log_dir(self) -> Path:
        return self.state_root / "logs" if self.state_root else self.home / "logs"

    @property
    def log_file(self) -> Path:
        """The rotating log the desktop and the CLI write (engine/logs.py)."""
        return self.log_dir / "encore.log"

    @property
    def shares_results(self) -> bool:
        """Kafka and MongoDB: play events, training runs and their notices are the household's
        (every device's plays in MongoDB, runs announced on ``encore.recommendations``)."""
        return bool(self.kafka_bootstrap and self.mongo_uri)

    @property
    def server_mode(self) -> bool:
        return bool(self.mongo_uri or self.kafka_bootstrap or self.spark_master != EMBEDDED_SPARK)

    def ensure_dirs(self) -> None:
        for path in (self.home, self.cache_dir, self.log_dir):
            try:
                path.mkdir(parents=True, exist_ok=True)
            except OSError as exc:  # e.g. ENCORE_HOME on a read-only or missing mount
                raise ConfigError(f"{path}: cannot create the data folder ({exc})") from None


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
    "profile": "profile",
    "library_folders": "library_folders",
    "output_device": "output_device",
    "loudness_normalisation": "loudness_normalisation",
    "notifications": "notifications",
    "equaliser": "equaliser",
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
    "ENCORE_PROFILE": "profile",
    "ENCORE_OUTPUT_DEVICE": "output_device",
    "ENCORE_NOTIFICATIONS": "notifications",
}

# The MongoDB user and password apart from ENCORE_MONGO (the compose file sets them): they are
# percent-encoded into the URI here, so a password with ``@ : / %`` needs no escaping by hand.
MONGO_CREDENTIAL_ENV = ("ENCORE_MONGO_USER", "ENCORE_MONGO_PASSWORD")


_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


def _convert(name: str, value: Any, origin: str) -> Any:
    try:
        if name == "equaliser":
            return EqSettings.from_table(value)
        value = from_toml(value)
        if name == "home":
            return Path(_text(value)).expanduser()
        if name == "spark_shared_dir":
            text = _text(value).strip()
            return Path(text).expanduser() if text else None
        if name == "analysis_workers":
            if isinstance(value, bool | float):
                raise ValueError("must be a whole number")
            workers = int(value)
            if workers < 1:
                raise ValueError("must be at least 1")
            return workers
        if name == "library_folders":
            if isinstance(value, str):
                return tuple(p for p in value.split(os.pathsep) if p)
            if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
                raise ValueError("must be a list of folder paths")
            return tuple(value)
        if name in ("loudness_normalisation", "notifications"):
            if isinstance(value, bool):
                return value
            word = _text(value).strip().lower()
            if word not in _TRUE + _FALSE:
                raise ValueError("must be true or false")
            return word in _TRUE
        text = _text(value).strip()
        return text or None if name != "spark_master" else (text or EMBEDDED_SPARK)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{origin}: invalid value {value!r} ({exc})") from None


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("must be a string")
    return value


def default_config_file(env: Mapping[str, str]) -> Path:
    if env.get("ENCORE_CONFIG"):
        return Path(env["ENCORE_CONFIG"]).expanduser()
    return xdg.config_home(env) / "encore" / "config.toml"


def load_config(env: Mapping[str, str] | None = None, path: Path | None = None) -> Config:
    """Build the effective configuration; raises :class:`ConfigError` naming the bad key."""
    env = os.environ if env is None else env
    config_file = path or default_config_file(env)
    values = _file_values(config_file)
    values.update(_env_values(env))
    return _build(values, env, config_file)


@dataclass(frozen=True, slots=True)
class LenientConfig:
    """What :func:`load_config_or_defaults` started on, and what it had to leave out."""

    config: Config
    problems: tuple[str, ...] = ()  # one line each, naming the file and line or the variable
    moved_to: Path | None = None  # where an unreadable config file was kept


def load_config_or_defaults(env: Mapping[str, str] | None = None) -> LenientConfig:
    """:func:`load_config` that never refuses, for the desktop's start.

    A config file that cannot be read is renamed to ``<name>.bad`` beside it and the defaults
    are used instead (the next Settings save writes a new file); an ``ENCORE_*`` variable with
    a bad value is left out. Each problem is one line in ``problems``.
    """
    env = os.environ if env is None else env
    config_file = default_config_file(env)
    problems: list[str] = []
    moved_to = None
    try:
        values = _file_values(config_file)
    except ConfigError as exc:
        values = {}
        moved_to = config_file.with_name(config_file.name + ".bad")
        try:
            os.replace(config_file, moved_to)
            problems.append(f"{exc}; started on defaults, the file is kept as {moved_to.name}")
        except OSError as move_exc:
            moved_to = None
            problems.append(f"{exc}; started on defaults (cannot move it aside: {move_exc})")
    for var in _ENV_KEYS:
        try:
            values.update(_env_values({var: env[var]} if var in env else {}))
        except ConfigError as exc:
            problems.append(f"{exc}; ignored")
    try:
        config = _build(values, env, config_file)
    except ConfigError as exc:  # XDG_DATA_HOME itself: nothing else to fall back on
        problems.append(str(exc))
        config = _build({}, {}, config_file)
    return LenientConfig(config, tuple(problems), moved_to)


def _file_values(config_file: Path) -> dict[str, Any]:
    if not config_file.is_file():
        return {}
    try:
        data, text = read_toml(config_file)
    except (OSError, NotTextError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{config_file}: cannot read config ({_one_line(exc)})") from None
    values: dict[str, Any] = {}
    for key, value in data.items():
        line = line_of(text, key)
        where = f"{config_file}" + (f" line {line}" if line else "")
        if key not in _TOML_KEYS:
            raise ConfigError(f"{where}: unknown key {key!r}")
        name = _TOML_KEYS[key]
        values[name] = _convert(name, value, f"{where}: {key}")
    return values


def _env_values(env: Mapping[str, str]) -> dict[str, Any]:
    return {
        name: _convert(name, env[var], var)
        for var, name in _ENV_KEYS.items()
        if var in env and env[var] != ""
    }


def _build(values: dict[str, Any], env: Mapping[str, str], config_file: Path) -> Config:
    values = dict(values)
    home = values.pop("home", None)
    if home is None:
        home = xdg.data_home(env) / "encore"
        values.update(
            cache_root=xdg.cache_home(env) / "encore", state_root=xdg.state_home(env) / "encore"
        )
    if any(env.get(var) for var in MONGO_CREDENTIAL_ENV):
        values["mongo_uri"] = _with_mongo_credentials(values.get("mongo_uri"), env)
        values["mongo_credentials_from_env"] = True
    config = Config(home=home, config_file=config_file, **values)
    if not config.device_id:
        config = replace(config, device_id=_stable_device_id(config.home))
    return config


def _with_mongo_credentials(uri: str | None, env: Mapping[str, str]) -> str:
    from engine.stores.mongo_uri import with_credentials

    user, password = (env.get(var) or None for var in MONGO_CREDENTIAL_ENV)
    if not uri:
        raise ConfigError("ENCORE_MONGO_USER/ENCORE_MONGO_PASSWORD need ENCORE_MONGO (the URI)")
    if not user:
        raise ConfigError("ENCORE_MONGO_PASSWORD needs ENCORE_MONGO_USER")
    try:
        return with_credentials(uri, user, password)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


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
    """Write the user-editable part of ``config`` as TOML (used by the Settings view).

    Atomic (see :func:`engine.config_file.write_toml_atomic`); any text, paths that are not
    UTF-8 included, reads back equal through :func:`load_config`.
    """
    from engine.stores.mongo_uri import without_credentials

    target = path or config.config_file or default_config_file(os.environ)
    reverse = {name: key for key, name in _TOML_KEYS.items()}
    data: dict[str, Any] = {}
    for f in fields(config):
        key = reverse.get(f.name)
        value = getattr(config, f.name)
        if key is None or value is None or key == "home":
            continue
        if key == "mongo" and config.mongo_credentials_from_env:
            value = without_credentials(value)
        data[key] = value.to_table() if isinstance(value, EqSettings) else to_toml(value)
    write_toml_atomic(target, data)
    return target
