"""Checks shared by every wire form (play events, track features, results notices): the
payload is JSON, fields have the right JSON type, and a failure names the field in one line."""

from __future__ import annotations

import json
from typing import Any

from engine.errors import EncoreError


class EventFormatError(EncoreError):
    """A message is not in its wire form (play event, features, notice); the text names the
    field."""


def parse_json(payload: bytes | str, what: str) -> Any:
    """``json.loads``, failing as ``"<what> is not JSON (...)"``."""
    try:
        return json.loads(payload)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EventFormatError(f"{what} is not JSON ({exc})") from None


def json_object(payload: bytes | str | dict, what: str) -> dict:
    """The payload as a dict: an already decoded dict is taken as it is."""
    data = payload if isinstance(payload, dict) else parse_json(payload, what)
    if not isinstance(data, dict):
        raise EventFormatError(f"{what} must be a JSON object")
    return data


def is_number(value: object) -> bool:
    """A JSON number: ``true``/``false`` decode to bool, which Python counts as int."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def require_text(data: dict, name: str) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value:
        raise EventFormatError(f"{name}: must be a non-empty string")
    return value
