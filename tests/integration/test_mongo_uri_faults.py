"""MongoDB URIs with secrets, against a real mongod: ``encore status`` and ``encore backend
status`` answer in one line and never show a credential (issue 9 item 8)."""

from __future__ import annotations

import pytest

from engine.cli import main
from tests.servers.mongod import MongodServer

pytestmark = pytest.mark.servers

SECRET = "SECRET"


def _uris(port: int) -> list[str]:
    host = f"127.0.0.1:{port}"
    return [
        f"mongodb://encore:ab@cd{SECRET}@{host}/x",  # an unescaped @ in the password
        f"mongodb://u:p/w{SECRET}@{host}/db",  # an unescaped / in the password
        f"mongodb://encore:p{SECRET}@{host}/db?authSource=admin",  # valid, wrong user
        f"mongodb://{host}/db?tls=true&tlsCertificateKeyFilePassword=k{SECRET}",
        f"mongodb://{host}/db?authMechanism=MONGODB-AWS"
        f"&authMechanismProperties=AWS_SESSION_TOKEN:t{SECRET}",
        f"mongodb://{host}/db?password=x{SECRET}&srvServiceName=a",  # refused by pymongo
    ]


@pytest.mark.parametrize("case", range(6))
def test_status_commands_never_show_a_secret(
    monkeypatch, mongod_server: MongodServer, capsys, case: int
) -> None:
    uri = _uris(mongod_server.port)[case]
    monkeypatch.setenv("ENCORE_MONGO", uri)

    code = main(["status"])  # an uncaught exception would fail the test here
    out, err = capsys.readouterr()
    assert SECRET not in out + err
    assert code == 1 and out == "", out
    assert err.startswith("encore: MongoDB at mongodb://127.0.0.1:") and err.count("\n") == 1

    assert main(["backend", "status"]) == 1
    out, err = capsys.readouterr()
    assert SECRET not in out + err and "Traceback" not in err
    [mongo] = [line for line in out.splitlines() if line.startswith("mongo")]
    assert "DOWN" in mongo and f"127.0.0.1:{mongod_server.port}" in mongo
