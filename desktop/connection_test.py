"""The Settings page's "test connection": real round trips to the configured servers.

Runs in a worker. Each check returns one line: "MongoDB: ok" or "Kafka: cannot connect (...)".
"""

from __future__ import annotations

import socket

from desktop.i18n import translate
from engine.spark.session import SparkStartError, master_addresses

TIMEOUT_S = 3.0


def check_mongo(uri: str) -> str:
    try:
        from pymongo import MongoClient
    except ImportError:
        return translate("ConnectionTest", "MongoDB: the pymongo package is not installed")
    client = MongoClient(uri, serverSelectionTimeoutMS=int(TIMEOUT_S * 1000))
    try:
        client.admin.command("ping")
        return translate("ConnectionTest", "MongoDB: ok")
    except Exception as exc:
        return translate("ConnectionTest", "MongoDB: cannot connect ({reason})").format(
            reason=_first_line(exc)
        )
    finally:
        client.close()


def check_kafka(bootstrap: str) -> str:
    failures = []
    for server in (s.strip() for s in bootstrap.split(",") if s.strip()):
        host, _, port = server.rpartition(":")
        try:
            with socket.create_connection((host or server, int(port or 9092)), TIMEOUT_S):
                return translate("ConnectionTest", "Kafka: ok ({server} reachable)").format(
                    server=server
                )
        except (OSError, ValueError) as exc:
            failures.append(f"{server}: {_first_line(exc)}")
    reasons = "; ".join(failures) if failures else translate("ConnectionTest", "no servers given")
    return translate("ConnectionTest", "Kafka: cannot connect ({reasons})").format(reasons=reasons)


def check_spark(master: str) -> str:
    if master.startswith("local"):
        return translate("ConnectionTest", "Spark: local mode (no server needed)")
    try:
        addresses = master_addresses(master)  # the engine's reading of the URL, not another
    except SparkStartError:
        addresses = []
    if not addresses:
        return translate(
            "ConnectionTest", "Spark: {master} is not a master URL like spark://host:7077"
        ).format(master=repr(master))
    failures = []
    for host, port in addresses:
        try:
            with socket.create_connection((host, port), TIMEOUT_S):
                return translate("ConnectionTest", "Spark: ok ({server} reachable)").format(
                    server=f"{host}:{port}"
                )
        except OSError as exc:
            failures.append(f"{host}:{port}: {_first_line(exc)}")  # as Kafka's line says
    return translate("ConnectionTest", "Spark: cannot connect ({reason})").format(
        reason="; ".join(failures)
    )


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
