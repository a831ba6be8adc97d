"""``encore backend status``: is the server side reachable, how far behind is the worker, and
which training run is active.

It runs without the usual context (``no_context``): a diagnostic must still answer when the
MongoDB that the context would open is down. Every check has a short timeout, so the whole
command finishes in a few seconds even with every server unreachable. Exit code 1 when a
configured server is unreachable (the compose file uses it as the worker's healthcheck).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from engine.config import Config, load_config
from engine.errors import EncoreError
from engine.spark.session import SparkStartError, is_local, master_addresses

if TYPE_CHECKING:
    from engine.stores import Store

TIMEOUT_S = 2.0


@dataclass
class Check:
    """One component: ``ok`` is None when it runs embedded (nothing to reach)."""

    name: str
    target: str
    ok: bool | None
    detail: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def register(sub: argparse._SubParsersAction) -> None:
    backend = sub.add_parser("backend", help="server mode: status of Kafka, MongoDB and Spark")
    actions = backend.add_subparsers(dest="backend_command", metavar="ACTION", required=True)
    status = actions.add_parser("status", help="reachability, consumer lag, last training run")
    status.add_argument("--json", action="store_true", help="print a JSON object")
    status.add_argument("--quiet", action="store_true", help="print nothing; only the exit code")
    status.set_defaults(handler=_status, no_context=True)


def _status(args: argparse.Namespace, ctx: object | None = None) -> int:
    config = load_config()
    # In parallel: with every server down the command costs one timeout, not three.
    with ThreadPoolExecutor(max_workers=3) as pool:
        futures = [pool.submit(f, config) for f in (check_broker, check_mongo, check_spark)]
        checks = [f.result() for f in futures]
    training = last_training(config) if checks[1].ok is not False else None
    healthy = all(c.ok is not False for c in checks)
    if args.quiet:
        return 0 if healthy else 1
    if args.json:
        report = {c.name: asdict(c) for c in checks}
        report["last_training"] = training
        report["ok"] = healthy
        print(json.dumps(report, indent=2))
        return 0 if healthy else 1
    for c in checks:
        state = "embedded" if c.ok is None else ("ok" if c.ok else "DOWN")
        print(f"{c.name:<8} {state:<9} {c.target}" + (f" — {c.detail}" if c.detail else ""))
    if training is None:
        print("training none yet")
    else:
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(training["created_at"]))
        print(
            f"training {training['run_id']} at {when}: k={training['k']}, "
            f"{training['n_tracks']} tracks"
        )
    return 0 if healthy else 1


# --- broker ---------------------------------------------------------------------------------
def check_broker(config: Config) -> Check:
    if not config.kafka_bootstrap:
        return Check("broker", "local event log", None)
    bootstrap = config.kafka_bootstrap
    try:
        from kafka import KafkaAdminClient, KafkaConsumer
        from kafka.errors import KafkaError
    except ImportError:
        return Check("broker", bootstrap, False, "kafka-python is not installed")
    from engine.events.kafka import PLAY_EVENTS, TRACK_FEATURES, WORKER_GROUP

    timeout_ms = int(TIMEOUT_S * 1000)
    try:
        admin = KafkaAdminClient(
            bootstrap_servers=bootstrap.split(","),
            client_id="encore-status",
            request_timeout_ms=timeout_ms * 2,
            bootstrap_timeout_ms=timeout_ms,
        )
    except KafkaError as exc:
        return Check("broker", bootstrap, False, f"unreachable ({_first_line(exc)})")
    try:
        topics = set(admin.list_topics())
        check = Check("broker", bootstrap, True, f"{len(topics)} topics")
        worker_topics = [t for t in (PLAY_EVENTS, TRACK_FEATURES) if t in topics]
        if not worker_topics:
            check.detail += ", Encore topics not created yet"
            return check
        consumer = KafkaConsumer(
            bootstrap_servers=bootstrap.split(","),
            client_id="encore-status",
            group_id=None,
            enable_auto_commit=False,
            request_timeout_ms=timeout_ms * 2,
            bootstrap_timeout_ms=timeout_ms,
        )
        try:
            lag = consumer_lag(admin, consumer, WORKER_GROUP, worker_topics)
        finally:
            consumer.close()
        check.extra["lag"] = lag
        check.detail += f", worker lag {sum(lag.values())} ({_lag_text(lag)})"
        return check
    except KafkaError as exc:
        return Check("broker", bootstrap, False, f"request failed ({_first_line(exc)})")
    finally:
        admin.close()


def consumer_lag(admin: Any, consumer: Any, group: str, topics: list[str]) -> dict[str, int]:
    """Messages per topic that ``group`` has not committed yet: end offset minus committed
    offset, or minus the first offset still on the broker for partitions never committed."""
    from kafka import TopicPartition

    partitions = [
        TopicPartition(topic, p)
        for topic in topics
        for p in sorted(consumer.partitions_for_topic(topic) or ())
    ]
    if not partitions:
        return {t: 0 for t in topics}
    committed = admin.list_group_offsets({group: partitions}).get(group, {})
    ends = consumer.end_offsets(partitions)
    starts = consumer.beginning_offsets(partitions)
    lag = {t: 0 for t in topics}
    for tp in partitions:
        meta = committed.get(tp)
        done = meta.offset if meta is not None and meta.offset >= 0 else starts[tp]
        lag[tp.topic] += max(ends[tp] - done, 0)
    return lag


def _lag_text(lag: dict[str, int]) -> str:
    return ", ".join(f"{topic} {n}" for topic, n in lag.items())


# --- mongo and training ---------------------------------------------------------------------
def check_mongo(config: Config) -> Check:
    if not config.mongo_uri:
        return Check("mongo", f"SQLite {config.db_path}", None)
    from engine.stores.mongo_uri import describe_error, redact_uri

    uri = config.mongo_uri
    target = redact_uri(uri)
    try:
        from pymongo import MongoClient
        from pymongo.errors import PyMongoError
    except ImportError:
        return Check("mongo", target, False, "pymongo is not installed")
    timeout_ms = int(TIMEOUT_S * 1000)
    try:
        # Inside the try: a URI pymongo cannot parse is a failed check, not a traceback.
        client: MongoClient = MongoClient(
            uri, serverSelectionTimeoutMS=timeout_ms, connectTimeoutMS=timeout_ms
        )
    except (PyMongoError, ValueError, TypeError) as exc:
        return Check("mongo", target, False, f"bad URI ({describe_error(exc, uri)})")
    try:
        info = client.admin.command("buildInfo")
        return Check("mongo", target, True, f"MongoDB {info.get('version', '?')}")
    except PyMongoError as exc:
        return Check("mongo", target, False, f"unreachable ({describe_error(exc, uri)})")
    finally:
        client.close()


def last_training(config: Config) -> dict[str, Any] | None:
    """The active run of the configured store, or None (also when the store is unreachable)."""
    try:
        if config.mongo_uri:
            from engine.stores.mongo import MongoStore

            store: Store = MongoStore(config.mongo_uri, timeout_ms=int(TIMEOUT_S * 1000))
        else:
            if not config.db_path.is_file():
                return None
            from engine.stores.sqlite import SQLiteStore

            store = SQLiteStore(config.db_path)
    except EncoreError:
        return None
    try:
        run = store.active_run()
    except EncoreError:
        return None
    finally:
        store.close()
    if run is None:
        return None
    return {
        "run_id": run.run_id,
        "created_at": run.created_at,
        "k": run.k,
        "n_tracks": run.n_tracks,
    }


# --- spark ----------------------------------------------------------------------------------
def check_spark(config: Config) -> Check:
    master = config.spark_master
    if is_local(master):
        return Check("spark", master, None)
    if not master.startswith("spark://"):
        # yarn, k8s://...: reachability is the cluster manager's business.
        return Check("spark", master, None, "not checked (not a standalone master)")
    try:
        addresses = master_addresses(master)
    except SparkStartError as exc:
        return Check("spark", master, False, str(exc))
    reached, errors = [], []
    for host, port in addresses:
        try:
            with socket.create_connection((host, port), timeout=TIMEOUT_S):
                reached.append((host, port))
        except OSError as exc:
            errors.append(f"{host}:{port} {exc.strerror or exc}")
    if not reached:
        return Check("spark", master, False, f"unreachable ({'; '.join(errors)})")
    check = Check("spark", master, True, f"master at {reached[0][0]}:{reached[0][1]}")
    workers = _alive_workers(reached[0][0])
    if workers is not None:
        check.extra["alive_workers"] = workers
        check.detail += f", {workers} worker(s) alive"
    return check


def _alive_workers(host: str) -> int | None:
    """The standalone master's web UI reports its workers as JSON; absent UI -> unknown.

    The UI port is Spark's own ``SPARK_MASTER_WEBUI_PORT`` setting (8080 unless changed)."""
    try:
        ui_port = int(os.environ.get("SPARK_MASTER_WEBUI_PORT") or 8080)
        with urllib.request.urlopen(f"http://{host}:{ui_port}/json/", timeout=TIMEOUT_S) as resp:
            data = json.loads(resp.read().decode("utf-8"))
        return int(data.get("aliveworkers", 0))
    except (OSError, ValueError):
        return None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return (text.splitlines()[0] if text else type(exc).__name__)[:200]
