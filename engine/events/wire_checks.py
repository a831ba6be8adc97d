"""Checks shared by every decoder of outside data (wire messages, history files).

A value that comes off the wire or out of a file either passes these or fails as one
:class:`EventFormatError` whose text names the field: JSON that parses in one error type (bad
syntax, bytes that are not UTF-8, nesting past the recursion limit, integers past Python's
digit limit), numbers that are finite and in range, text that UTF-8 and MongoDB can hold, and
event times that are not in the future. Writers use :func:`dumps`, which never emits ``NaN``.
"""

from __future__ import annotations

import contextlib
import json
import math
import time
from typing import Any

from engine.errors import EncoreError


class EventFormatError(EncoreError):
    """A message is not in its wire form (play event, features, notice); the text names the
    field."""


# Larger than any message Encore produces (publisher envelopes stop at 512 KiB, one features
# message is a few KiB): anything bigger is refused before it is parsed.
MAX_MESSAGE_BYTES = 4 * 1024 * 1024
MAX_ID_CHARS = 512  # ids, device names, event types
MAX_SECONDS = 1e7  # position / duration: 115 days, far beyond any track
FUTURE_SLACK_S = 86_400.0  # clocks drift; an event dated more than a day ahead is forged


def shown(value: object, limit: int = 60) -> str:
    """A short ``repr`` for an error message (the value may be huge or unprintable)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return "a huge integer"
    if isinstance(value, list | dict):  # repr could be huge, or recurse past the limit
        return json_kind(value)
    text = repr(value[: limit + 1] if isinstance(value, str) else value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def json_kind(value: object) -> str:
    """The JSON name of a decoded value's type, for "must be an object, not ..." messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def loads(text: str | bytes) -> Any:
    """``json.loads`` failing only as :class:`EventFormatError`, worded to follow "... is":
    "not UTF-8 text (...)", "not JSON (...)" (bad syntax, an integer past Python's digit
    limit) or "nested too deeply" (past the recursion limit)."""
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        return json.loads(text)
    except RecursionError:
        raise EventFormatError("nested too deeply") from None
    except UnicodeDecodeError as exc:
        raise EventFormatError(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except ValueError as exc:  # JSONDecodeError, or an integer with too many digits
        raise EventFormatError(f"not JSON ({str(exc).splitlines()[0][:200]})") from None


def dumps(value: object) -> bytes:
    """Standard JSON as UTF-8: never ``NaN``/``Infinity`` (other parsers refuse them)."""
    try:
        text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
        return text.encode("utf-8")
    except (ValueError, UnicodeEncodeError) as exc:
        raise EventFormatError(f"cannot be written as JSON ({exc})") from None


def parse_json(payload: object, what: str) -> Any:
    """A message's JSON value, failing as ``"<what> is not JSON (...)"`` (or not UTF-8, too
    large, nested too deeply)."""
    if isinstance(payload, bytearray | memoryview):
        payload = bytes(payload)
    if not isinstance(payload, bytes | str):
        raise EventFormatError(f"{what} must be JSON text, not {type(payload).__name__}")
    if len(payload) > MAX_MESSAGE_BYTES:
        raise EventFormatError(
            f"{what} is too large ({len(payload)} bytes, at most {MAX_MESSAGE_BYTES})"
        )
    try:
        return loads(payload)
    except EventFormatError as exc:
        raise EventFormatError(f"{what} is {exc}") from None


def json_object(payload: object, what: str) -> dict:
    """The payload as a dict: an already decoded dict is taken as it is."""
    data = parse_json(payload, what) if isinstance(payload, bytes | bytearray | str) else payload
    if not isinstance(data, dict):
        raise EventFormatError(f"{what} must be a JSON object, not {json_kind(data)}")
    return data


def is_number(value: object) -> bool:
    """A JSON number: ``true``/``false`` decode to bool, which Python counts as int."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_text(value: object, *, limit: int | None = None) -> bool:
    """A string that can be stored and sent: UTF-8 (no lone surrogates from ``\\ud800``
    escapes, which MongoDB and UTF-8 output refuse), at most ``limit`` characters."""
    if not isinstance(value, str) or (limit is not None and len(value) > limit):
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def require_text(data: dict, name: str) -> str:
    value = data.get(name)
    if not is_text(value, limit=MAX_ID_CHARS) or not value.strip():
        raise EventFormatError(
            f"{name}: must be a non-empty string of at most {MAX_ID_CHARS} characters, "
            f"not {shown(value)}"
        )
    return value


def require_int(value: object, name: str, *, low: int = 0, high: int = 2**31 - 1) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise EventFormatError(
            f"{name}: must be an integer from {low} to {high}, not {shown(value)}"
        )
    return value


def finite_number(value: object, name: str, *, low: float = 0.0, high: float = math.inf) -> float:
    """A JSON number within ``[low, high]``: NaN, infinities (``1e400``) and integers too large
    for a float fail, naming the field."""
    if not is_number(value):
        raise EventFormatError(f"{name}: must be a number, not {shown(value)}")
    number = math.inf
    with contextlib.suppress(OverflowError):  # an int beyond 1.8e308
        number = float(value)  # type: ignore[arg-type]
    if not math.isfinite(number):
        raise EventFormatError(f"{name}: must be a finite number, not {shown(value)}")
    if number < low:
        raise EventFormatError(f"{name}: must be at least {low:g}, not {shown(value)}")
    if number > high:
        raise EventFormatError(f"{name}: must be at most {high:g}, not {shown(value)}")
    return number


def event_time(value: object, name: str, now: float | None = None) -> float:
    """Unix seconds of something that happened: not before 1970, not more than a day ahead
    (a forged future date would otherwise outrank every real listen in popularity)."""
    number = finite_number(value, name)
    if number > (time.time() if now is None else now) + FUTURE_SLACK_S:
        raise EventFormatError(
            f"{name}: {shown(value)} is more than a day in the future (unix seconds expected)"
        )
    return number
