"""MongoDB URIs shown to people: pymongo's parser decides what is user info and what is an
option; no credential is ever shown (issue 9 item 8)."""

from __future__ import annotations

import pytest
from pymongo.errors import OperationFailure
from pymongo.uri_parser import parse_uri

from engine.stores.mongo_uri import describe_error, redact_uri, scrub, with_credentials


@pytest.mark.parametrize(
    ("uri", "shown"),
    [
        ("mongodb://encore:ab@cdSECRET@127.0.0.1:1/x", "mongodb://127.0.0.1:1/x"),
        ("mongodb://u:p/wSECRET@host/db", "mongodb://host/db"),
        ("mongodb://u:p@h:1,h2:2/db?password=x&w=1", "mongodb://h:1,h2:2/db?password=***&w=1"),
        (
            "mongodb://h/?tls=true&tlsCertificateKeyFilePassword=SECRET",
            "mongodb://h/?tls=true&tlsCertificateKeyFilePassword=***",
        ),
        (
            "mongodb://h/?authMechanism=MONGODB-AWS"
            "&authMechanismProperties=AWS_SESSION_TOKEN:SECRET",
            "mongodb://h/?authMechanism=MONGODB-AWS&authMechanismProperties=***",
        ),
        ("mongodb://h/db?madeUpOption=SECRET", "mongodb://h/db?madeUpOption=***"),
        ("mongodb://h/db?a&bSECRET", "mongodb://h/db?***"),  # pymongo cannot read them
        (
            "mongodb://h/?readPreferenceTags=dc:ny&readPreferenceTags=dc:sf",
            "mongodb://h/?readPreferenceTags=dc:ny&readPreferenceTags=dc:sf",
        ),
        ("mongodb+srv://u:SECRET@cluster.example/db", "mongodb+srv://cluster.example/db"),
        ("http://u:SECRET@h/", "(not a mongodb:// URI)"),
        ("u:SECRET@h", "(not a mongodb:// URI)"),
    ],
)
def test_redacted_uri_shows_hosts_and_harmless_options_only(uri: str, shown: str) -> None:
    assert redact_uri(uri) == shown
    assert "SECRET" not in redact_uri(uri)


def test_an_error_quoting_a_secret_is_scrubbed() -> None:
    uri = "mongodb://encore:pa%40ssSECRET@h/db?tlsCertificateKeyFilePassword=kSECRET"
    error = OperationFailure("auth failed for pa@ssSECRET with kSECRET\nsecond line")
    text = describe_error(error, uri)
    assert "SECRET" not in text and "\n" not in text
    assert scrub("user encore failed", uri) == "user encore failed"  # the user name is no secret


def test_credentials_given_apart_are_encoded_as_pymongo_reads_them() -> None:
    uri = with_credentials("mongodb://h:27017/encore?authSource=admin", "en:core", "p@ss:/%w")
    parsed = parse_uri(uri)
    assert (parsed["username"], parsed["password"]) == ("en:core", "p@ss:/%w")
    assert parsed["options"]["authSource"] == "admin"
    assert redact_uri(uri) == "mongodb://h:27017/encore?authSource=admin"
    with pytest.raises(ValueError, match="already names a user"):
        with_credentials("mongodb://u:p@h/", "u", "p")
