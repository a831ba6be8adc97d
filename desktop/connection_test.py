"""The Settings page's "test connection": real round trips to the configured servers.

Runs in a worker. Each check returns one line: "MongoDB: ok" or "Kafka: cannot connect (...)".
"""

from __future__ import annotations

import socket
from urllib.parse import urlparse

TIMEOUT_S = 3.0


def check_mongo(uri: str) -> str:
    try:
        from pymongo import MongoClient
    except ImportError:
        return "MongoDB: the pymongo package is not installed"
    client = MongoClient(uri, serverSelectionTimeoutMS=int(TIMEOUT_S * 1000))
    try:
        client.admin.command("ping")
        return "MongoDB: ok"
    except Exception as exc:
        return f"MongoDB: cannot connect ({_first_line(exc)})"
    finally:
        client.close()


def check_kafka(bootstrap: str) -> str:
    failures = []
    for server in (s.strip() for s in bootstrap.split(",") if s.strip()):
        host, _, port = server.rpartition(":")
        try:
            with socket.create_connection((host or server, int(port or 9092)), TIMEOUT_S):
                return f"Kafka: ok ({server} reachable)"
        except (OSError, ValueError) as exc:
            failures.append(f"{server}: {_first_line(exc)}")
    return "Kafka: cannot connect (" + "; ".join(failures or ["no servers given"]) + ")"


def check_spark(master: str) -> str:
    if master.startswith("local"):
        return "Spark: local mode (no server needed)"
    parsed = urlparse(master)
    if not parsed.hostname:
        return f"Spark: {master!r} is not a master URL like spark://host:7077"
    try:
        with socket.create_connection((parsed.hostname, parsed.port or 7077), TIMEOUT_S):
            return f"Spark: ok ({parsed.hostname}:{parsed.port or 7077} reachable)"
    except OSError as exc:
        return f"Spark: cannot connect ({_first_line(exc)})"


def check_all(mongo: str, kafka: str, spark: str) -> list[str]:
    results = []
    if mongo:
        results.append(check_mongo(mongo))
    if kafka:
        results.append(check_kafka(kafka))
    results.append(check_spark(spark or "local[*]"))
    return results


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
