"""`encore backend check` and the Settings page's connection test read a Spark master URL as
the engine does: every master of a standalone URL is tried, a bad URL is one line."""

from __future__ import annotations

from dataclasses import replace

import pytest

from desktop.connection_test import check_spark as settings_check
from engine.commands.backend import check_spark
from engine.config import load_config
from tests.servers.mongod import free_port


@pytest.fixture
def closed_ports() -> tuple[int, int]:
    return free_port(), free_port()  # nothing listens on them


def test_every_master_is_tried_and_named(closed_ports: tuple[int, int]) -> None:
    a, b = closed_ports
    master = f"spark://127.0.0.1:{a},127.0.0.1:{b}"
    line = settings_check(master)
    assert line.startswith("Spark: cannot connect (") and "\n" not in line
    assert f"127.0.0.1:{a}: " in line and f"127.0.0.1:{b}: " in line
    check = check_spark(replace(load_config(), spark_master=master))
    assert check.ok is False
    assert f"127.0.0.1:{a} " in check.detail and f"127.0.0.1:{b} " in check.detail


@pytest.mark.parametrize("master", ["spark://host:notaport", "spark://", "yarn-ish://x:1"])
def test_a_master_url_that_does_not_parse_is_one_line(master: str) -> None:
    assert settings_check(master) == (
        f"Spark: {master!r} is not a master URL like spark://host:7077"
    )


def test_a_bad_port_fails_the_backend_check_with_the_reason() -> None:
    check = check_spark(replace(load_config(), spark_master="spark://host:notaport"))
    assert check.ok is False and "bad port" in check.detail
