"""docker-compose.backend.yml is checked without a Docker engine: structure, images and versions,
loopback-only ports, healthchecks, named volumes, health-gated start order, and that the
environment it gives the Encore containers is what the code reads."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pyspark
import pytest
import yaml
from pymongo.uri_parser import parse_uri

from engine.config import _ENV_KEYS, MONGO_CREDENTIAL_ENV, load_config

REPO = Path(__file__).resolve().parents[2]
COMPOSE = REPO / "docker-compose.backend.yml"
ENV_EXAMPLE = REPO / "backend" / ".env.example"
DOCKERFILE = REPO / "backend" / "Dockerfile"

SERVICES = {"kafka", "mongodb", "spark-master", "spark-worker", "encore-worker"}
_VAR = re.compile(r"\$\{(\w+)(?::?([-?])([^}]*))?\}")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(data, dict), "compose file must be a mapping"
    return data


@pytest.fixture(scope="module")
def env_example() -> dict[str, str]:
    values = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def _interpolate(text: str, env: dict[str, str]) -> str:
    """Compose's ``${VAR}``, ``${VAR:-default}`` and ``${VAR:?error}`` forms."""

    def sub(match: re.Match[str]) -> str:
        name, op, arg = match.groups()
        if env.get(name):
            return env[name]
        if op == "-":
            return arg
        raise AssertionError(f"compose variable {name} has no value and no default")

    return _VAR.sub(sub, text)


def _environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment", {})
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {str(k): str(v) for k, v in env.items()}


def test_services_and_images(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert set(services) == SERVICES
    assert services["kafka"]["image"].startswith("apache/kafka:")
    assert services["mongodb"]["image"].startswith("mongo:")
    # The official Spark image of exactly the pyspark version the driver runs.
    assert services["spark-master"]["image"].startswith(f"spark:{pyspark.__version__}-")
    for name in ("encore-worker", "spark-worker"):
        build = services[name]["build"]
        assert (REPO / build["context"] / build["dockerfile"]).resolve() == DOCKERFILE


def test_spark_worker_runs_the_pinned_spark_against_the_master(compose: dict[str, Any]) -> None:
    worker = compose["services"]["spark-worker"]
    args = [*worker["entrypoint"], *worker["command"]]
    assert args[0] == "/opt/spark/bin/spark-class"
    assert "org.apache.spark.deploy.worker.Worker" in args
    assert "spark://spark-master:7077" in args
    master = compose["services"]["spark-master"]["command"]
    assert "org.apache.spark.deploy.master.Master" in master
    assert master[master.index("--host") + 1] == "spark-master"
    # /opt/spark in the image is the pyspark wheel pinned by pyproject.toml.
    assert "/opt/spark" in DOCKERFILE.read_text(encoding="utf-8")
    pin = re.search(r'"pyspark([^"]*)"', (REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert pin is not None
    major, minor = pyspark.__version__.split(".")[:2]
    assert f"<{major}.{int(minor) + 1}" in pin.group(1)


def test_kafka_is_a_single_kraft_node(compose: dict[str, Any]) -> None:
    env = _environment(compose["services"]["kafka"])
    assert set(env["KAFKA_PROCESS_ROLES"].split(",")) == {"broker", "controller"}
    assert env["KAFKA_CONTROLLER_QUORUM_VOTERS"] == f"{env['KAFKA_NODE_ID']}@kafka:9093"
    assert not any("ZOOKEEPER" in key for key in env)
    advertised = env["KAFKA_ADVERTISED_LISTENERS"].split(",")
    assert "INTERNAL://kafka:9092" in advertised and "HOST://127.0.0.1:9094" in advertised


def test_mongodb_root_user_comes_from_env_file(
    compose: dict[str, Any], env_example: dict[str, str]
) -> None:
    env = _environment(compose["services"]["mongodb"])
    for key in ("MONGO_INITDB_ROOT_USERNAME", "MONGO_INITDB_ROOT_PASSWORD"):
        match = _VAR.fullmatch(env[key])
        assert match, f"{key} must come from a variable, not a literal"
        assert match.group(2) == "?", f"{key} must be required (${{VAR:?...}})"
        assert match.group(1) in env_example
    # The sample holds a placeholder, never a usable secret.
    assert env_example["MONGO_ROOT_PASSWORD"] == "change-me"


def test_published_ports_are_loopback_only(compose: dict[str, Any]) -> None:
    published = 0
    for name, service in compose["services"].items():
        for port in service.get("ports", []):
            assert isinstance(port, str) and port.startswith("127.0.0.1:"), (name, port)
            published += 1
    assert published >= 4


def test_every_service_has_a_healthcheck(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        check = service.get("healthcheck", {})
        assert check.get("test"), f"{name} has no healthcheck"
        assert check["test"][0] in ("CMD", "CMD-SHELL"), name


def test_volumes_are_named_and_declared(compose: dict[str, Any]) -> None:
    declared = set(compose["volumes"])
    used = set()
    for name, service in compose["services"].items():
        for mount in service.get("volumes", []):
            source = mount.split(":", 1)[0]
            assert not source.startswith((".", "/", "~")), f"{name}: bind mount {mount}"
            assert source in declared, f"{name}: undeclared volume {source}"
            used.add(source)
    assert used == declared
    for stateful in ("kafka", "mongodb", "encore-worker"):
        assert compose["services"][stateful].get("volumes"), stateful


def test_start_order_waits_for_health(compose: dict[str, Any]) -> None:
    services = compose["services"]
    worker_deps = services["encore-worker"]["depends_on"]
    assert set(worker_deps) == SERVICES - {"encore-worker"}
    for name, service in services.items():
        for dep, spec in service.get("depends_on", {}).items():
            assert dep in services, (name, dep)
            assert spec == {"condition": "service_healthy"}, (name, dep)


def test_encore_environment_matches_what_the_code_reads(
    compose: dict[str, Any], env_example: dict[str, str], tmp_path: Path
) -> None:
    env = _environment(compose["services"]["encore-worker"])
    encore_vars = {key for key in env if key.startswith("ENCORE_")}
    assert {"ENCORE_KAFKA", "ENCORE_MONGO", "ENCORE_SPARK"} <= encore_vars
    known = set(_ENV_KEYS) | set(MONGO_CREDENTIAL_ENV)
    assert encore_vars <= known, encore_vars - known
    assert env["ENCORE_KAFKA"] == "kafka:9092"
    assert env["ENCORE_SPARK"] == "spark://spark-master:7077"
    mongo = parse_uri(_worker_mongo_uri(env, env_example, tmp_path))
    assert mongo["nodelist"] == [("mongodb", 27017)]
    assert mongo["database"] == "encore"
    assert mongo["username"] == env_example["MONGO_ROOT_USER"]


def _worker_mongo_uri(worker_env: dict[str, str], dot_env: dict[str, str], home: Path) -> str:
    """The URI the worker connects with: the compose environment, interpolated from ``dot_env``,
    read by Encore's own configuration."""
    env = {k: _interpolate(v, dot_env) for k, v in worker_env.items() if k.startswith("ENCORE_")}
    env.update(ENCORE_HOME=str(home), ENCORE_CONFIG=str(home / "none.toml"))
    uri = load_config(env).mongo_uri
    assert uri is not None
    return uri


@pytest.mark.parametrize("password", ["p@ss:w/rd", "100%/?#[]", "a b+c", "ünï"])
def test_any_password_reaches_mongodb_intact(
    compose: dict[str, Any], env_example: dict[str, str], tmp_path: Path, password: str
) -> None:
    env = _environment(compose["services"]["encore-worker"])
    assert "@" not in env["ENCORE_MONGO"], "credentials go apart from the URI (unencoded there)"
    dot_env = {**env_example, "MONGO_ROOT_USER": "en:core", "MONGO_ROOT_PASSWORD": password}
    mongo = parse_uri(_worker_mongo_uri(env, dot_env, tmp_path))
    assert (mongo["username"], mongo["password"]) == ("en:core", password)
    assert mongo["nodelist"] == [("mongodb", 27017)]
    # The same values the mongodb service creates its root user from.
    server = _environment(compose["services"]["mongodb"])
    assert _interpolate(server["MONGO_INITDB_ROOT_PASSWORD"], dot_env) == password


def _mongodb_start(compose: dict[str, Any], password: str, bin_dir: Path) -> tuple[int, str]:
    """Run the mongodb service's entrypoint with /bin/sh; the image's own start script is a
    stand-in on PATH that says what it was asked to run."""
    entrypoint = compose["services"]["mongodb"]["entrypoint"]
    assert entrypoint[:2] == ["/bin/sh", "-c"]
    script = entrypoint[2].replace("$$", "$")  # compose's escape for a literal $
    fake = bin_dir / "docker-entrypoint.sh"
    fake.write_text('#!/bin/sh\necho "started $*"\n', encoding="utf-8")
    fake.chmod(0o755)
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "MONGO_INITDB_ROOT_PASSWORD": password}
    done = subprocess.run(["/bin/sh", "-c", script], env=env, capture_output=True, text=True)
    return done.returncode, done.stdout + done.stderr


def test_mongodb_refuses_the_sample_password(
    compose: dict[str, Any], env_example: dict[str, str], tmp_path: Path
) -> None:
    code, output = _mongodb_start(compose, env_example["MONGO_ROOT_PASSWORD"], tmp_path)
    assert code == 1 and "change-me" in output and "started" not in output
    code, output = _mongodb_start(compose, "a-real-s3cret", tmp_path)
    assert (code, output.strip()) == (0, "started mongod")


def test_training_snapshot_dir_is_one_volume_at_one_path_on_driver_and_worker(
    compose: dict[str, Any],
) -> None:
    services = compose["services"]
    shared = _environment(services["encore-worker"])["ENCORE_SPARK_SHARED_DIR"]
    mounts = {
        name: {m.split(":")[1]: m.split(":")[0] for m in services[name]["volumes"]}
        for name in ("encore-worker", "spark-worker")
    }
    assert shared in mounts["encore-worker"] and shared in mounts["spark-worker"]
    assert mounts["encore-worker"][shared] == mounts["spark-worker"][shared]
    # The image creates the mount point owned by the user the containers run as.
    assert shared in DOCKERFILE.read_text(encoding="utf-8")


def test_every_variable_is_in_the_env_sample(env_example: dict[str, str]) -> None:
    text = COMPOSE.read_text(encoding="utf-8")
    for name, op, _ in _VAR.findall(text):
        assert name in env_example or op == "-", f"${{{name}}} missing from {ENV_EXAMPLE.name}"
    # Interpolation with the sample succeeds for the whole file.
    yaml.safe_load(_interpolate(text, env_example))


def test_dockerfile_copies_existing_paths_and_runs_encore() -> None:
    text = DOCKERFILE.read_text(encoding="utf-8")
    copies = re.findall(r"^COPY\s+(.+?)\s+\S+$", text, flags=re.MULTILINE)
    assert copies
    for line in copies:
        for source in line.split():
            assert (REPO / source).exists(), f"Dockerfile copies missing {source}"
    assert re.search(r'^ENTRYPOINT \["encore"\]$', text, flags=re.MULTILINE)
    assert re.search(r"^USER encore$", text, flags=re.MULTILINE)
