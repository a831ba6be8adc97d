"""``encore backend status`` against real servers: mongod, the tansu Kafka-protocol broker and a
Spark standalone master, plus the embedded default and unreachable servers."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pytest

from engine.cli import main
from engine.config import load_config
from engine.events.kafka import PLAY_EVENTS, ensure_topics, make_consumer, make_producer
from engine.models import ClusterSummary, Neighbour, TrainingRun
from engine.phrases import phrase
from engine.stores.mongo import MongoStore
from engine.stores.sqlite import SQLiteStore
from tests.servers.mongod import free_port
from tests.servers.spark_master import SparkMaster
from tests.servers.tansu import start_tansu


def _run(run_id: str) -> TrainingRun:
    return TrainingRun(
        run_id=run_id,
        created_at=time.time(),
        feature_names=("a", "b"),
        scaler_mean=np.zeros(2),
        scaler_std=np.ones(2),
        centroids=np.zeros((3, 2)),
        assignments={"t1": 0, "t2": 1, "t3": 2, "t4": 0},
        neighbours={"t1": [Neighbour("t4", 0.9, phrase("similar", phrase("timbre")))]},
        clusters=[ClusterSummary(i, phrase("mix", number=i + 1), 1) for i in range(3)],
    )


def _status(capsys: pytest.CaptureFixture[str]) -> tuple[int, dict]:
    code = main(["backend", "status", "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_embedded_default_reports_embedded_parts_and_last_run(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, report = _status(capsys)
    assert code == 0 and report["ok"] is True
    assert [report[p]["ok"] for p in ("broker", "mongo", "spark")] == [None, None, None]
    assert report["last_training"] is None
    config = load_config()
    config.ensure_dirs()
    store = SQLiteStore(config.db_path)
    store.save_run(_run("embedded-run"))
    store.close()
    code, report = _status(capsys)
    assert report["last_training"]["run_id"] == "embedded-run"
    assert (report["last_training"]["k"], report["last_training"]["n_tracks"]) == (3, 4)


def test_unreachable_servers_fail_fast_without_credentials(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    kafka, mongo, spark = free_port(), free_port(), free_port()
    monkeypatch.setenv("ENCORE_KAFKA", f"127.0.0.1:{kafka}")
    monkeypatch.setenv("ENCORE_MONGO", f"mongodb://encore:s3cret@127.0.0.1:{mongo}/encore")
    monkeypatch.setenv("ENCORE_SPARK", f"spark://127.0.0.1:{spark}")
    started = time.monotonic()
    code = main(["backend", "status"])
    out = capsys.readouterr().out
    assert code == 1
    assert time.monotonic() - started < 15
    lines = {line.split()[0]: line for line in out.splitlines()}
    for part, port in (("broker", kafka), ("mongo", mongo), ("spark", spark)):
        assert "DOWN" in lines[part] and str(port) in lines[part]
    assert "s3cret" not in out
    assert main(["backend", "status", "--quiet"]) == 1
    assert capsys.readouterr().out == ""


@pytest.mark.servers
def test_server_mode_reports_lag_and_training(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    mongo_test_uri: str,
    tmp_path: Path,
) -> None:
    broker = start_tansu(tmp_path)
    try:
        ensure_topics(broker.bootstrap)
        producer = make_producer(broker.bootstrap)
        # One record per batch: tansu answers ListOffsets(latest) with the last batch's base
        # offset + 1, which equals the record count only for single-record batches.
        for i in range(5):
            producer.send(PLAY_EVENTS, key=b"device", value=f'{{"n": {i}}}'.encode()).get(30)
        producer.close()
        store = MongoStore(mongo_test_uri)
        store.save_run(_run("server-run"))
        store.close()
        monkeypatch.setenv("ENCORE_KAFKA", broker.bootstrap)
        monkeypatch.setenv("ENCORE_MONGO", mongo_test_uri)

        code, report = _status(capsys)
        assert code == 0 and report["ok"] is True
        assert report["broker"]["ok"] is True and report["mongo"]["ok"] is True
        assert report["broker"]["extra"]["lag"][PLAY_EVENTS] == 5
        assert report["last_training"]["run_id"] == "server-run"

        # The worker's group consumes and commits: the lag goes to zero.
        consumer = make_consumer(broker.bootstrap, (PLAY_EVENTS,))
        seen, deadline = 0, time.monotonic() + 60
        while seen < 5 and time.monotonic() < deadline:
            seen += sum(len(r) for r in consumer.poll(timeout_ms=500).values())
        assert seen == 5
        consumer.commit()
        consumer.close()
        code, report = _status(capsys)
        assert report["broker"]["extra"]["lag"][PLAY_EVENTS] == 0
    finally:
        broker.stop()


@pytest.mark.servers
@pytest.mark.spark
@pytest.mark.slow
def test_spark_master_is_reached(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with SparkMaster(tmp_path) as master:
        monkeypatch.setenv("ENCORE_SPARK", master.url)
        monkeypatch.setenv("SPARK_MASTER_WEBUI_PORT", str(master.ui_port))
        code, report = _status(capsys)
        assert code == 0
        assert report["spark"]["ok"] is True
        assert report["spark"]["extra"]["alive_workers"] == 0
