"""How a MongoDB URI and pymongo's errors are shown to people: never with a credential.

The URI is taken apart with pymongo's own parser helpers (``split_options``, the option table),
so what counts as user info or as an option is what pymongo connects with. Shown: scheme,
hosts, database and the options pymongo knows that hold no secret. Hidden: the user info
(everything before the last ``@`` of the authority, so an unescaped ``@``, ``:`` or ``/`` in a
password is hidden too), every secret option (``password``, ``tlsCertificateKeyFilePassword``,
``authMechanismProperties`` with AWS session tokens...) and any option pymongo does not know.
"""

from __future__ import annotations

import re
from urllib.parse import quote_plus, unquote_plus

SCHEMES = ("mongodb://", "mongodb+srv://")
HIDDEN = "***"
# Options pymongo knows whose values are credentials (lower case, as pymongo compares them).
SECRET_OPTIONS = frozenset(
    {
        "password",
        "tlscertificatekeyfilepassword",
        "sslclientcertificatekeypassword",
        "sslpemkeypassword",
        "authmechanismproperties",
        "proxypassword",
    }
)


def _parts(uri: str) -> tuple[str, str, str, str] | None:
    """``(scheme, user info, hosts and database, query)``, or None if not a MongoDB URI."""
    scheme = next((s for s in SCHEMES if uri.startswith(s)), None)
    if scheme is None:
        return None
    rest, _, query = uri[len(scheme) :].partition("?")
    userinfo, _, hosts_db = rest.rpartition("@")
    return scheme, userinfo, hosts_db, query


def _options(query: str) -> list[tuple[str, str, bool]] | None:
    """``(name, value, secret)`` per option, by pymongo's parser; None if it cannot read them."""
    from pymongo import uri_parser
    from pymongo.errors import PyMongoError

    try:
        options = uri_parser.split_options(query, validate=False, warn=False, normalize=False)
    except (PyMongoError, ValueError):
        return None
    known = uri_parser.URI_OPTIONS_VALIDATOR_MAP
    # pymongo lower-cases some names; show them as the URI spells them.
    spelled = {p.partition("=")[0].lower(): p.partition("=")[0] for p in re.split("[&;]", query)}
    out = []
    for name, value in options.items():
        secret = name.lower() in SECRET_OPTIONS or name.lower() not in known
        for one in value if isinstance(value, list) else [value]:
            out.append((spelled.get(name.lower(), name), str(one), secret))
    return out


def redact_uri(uri: str) -> str:
    """The URI without user info or secret option values, safe for messages and logs."""
    parts = _parts(uri)
    if parts is None:
        return "(not a mongodb:// URI)"
    scheme, _, hosts_db, query = parts
    if not query:
        return scheme + hosts_db
    options = _options(query)
    if options is None:
        return f"{scheme}{hosts_db}?{HIDDEN}"
    shown = "&".join(f"{n}={HIDDEN if secret else v}" for n, v, secret in options)
    return f"{scheme}{hosts_db}?{shown}"


def secrets_of(uri: str) -> list[str]:
    """The texts :func:`redact_uri` hides (user info, secret option values), raw and decoded."""
    parts = _parts(uri)
    if parts is None:
        return [uri] if uri else []
    _, userinfo, _, query = parts
    password = userinfo.partition(":")[2]
    found = [userinfo, password] if userinfo else []
    for _, value, secret in _options(query) or [("", query, True)]:
        if secret:
            found.append(value)
    found += [unquote_plus(s) for s in found]
    # Longest first, so a password is replaced whole before a shorter secret inside it.
    return sorted({s for s in found if len(s) >= 3}, key=len, reverse=True)


def scrub(text: str, uri: str) -> str:
    """``text`` (e.g. an error pymongo raised for ``uri``) with the URI's secrets hidden."""
    for secret in secrets_of(uri):
        text = text.replace(secret, HIDDEN)
    return text


def describe_error(exc: BaseException, uri: str | None = None) -> str:
    """One short line for a pymongo error (they append timeouts and topology dumps), with the
    secrets of ``uri`` hidden should the error quote them."""
    text = str(exc).strip()
    line = text.splitlines()[0] if text else type(exc).__name__
    for tail in (" (configured timeouts:", ", Timeout:", " Topology Description:"):
        line = line.split(tail)[0]
    return (scrub(line, uri) if uri else line)[:300]


def with_credentials(uri: str, user: str | None, password: str | None) -> str:
    """``uri`` with a user and password given apart from it (``ENCORE_MONGO_USER`` /
    ``ENCORE_MONGO_PASSWORD``), percent-encoded as RFC 3986 asks: ``@ : / %`` in a password
    then need no escaping by hand. Raises ``ValueError`` if the URI carries a user already."""
    parts = _parts(uri)
    if parts is None:
        raise ValueError("ENCORE_MONGO must be a mongodb:// or mongodb+srv:// URI")
    scheme, userinfo, hosts_db, query = parts
    if userinfo:
        raise ValueError("ENCORE_MONGO already names a user: give the user in one place only")
    auth = quote_plus(user or "") + (":" + quote_plus(password) if password is not None else "")
    return f"{scheme}{auth}@{hosts_db}" + (f"?{query}" if query else "")


def without_credentials(uri: str) -> str:
    """``uri`` without its user info (what :func:`with_credentials` added); anything that is
    not a MongoDB URI comes back as it is."""
    parts = _parts(uri)
    if parts is None:
        return uri
    scheme, _, hosts_db, query = parts
    return scheme + hosts_db + (f"?{query}" if query else "")
