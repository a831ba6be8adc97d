"""Small text helpers shared by models and widgets."""

from __future__ import annotations

import html


def format_duration(seconds: float) -> str:
    seconds = max(round(float(seconds or 0)), 0)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def one_line(text: str) -> str:
    """Tag text may hold newlines or control characters; a table cell shows one line."""
    return " ".join(str(text).split())


def plain_tooltip(text: str) -> str:
    """``text`` as a tooltip that shows literally: Qt guesses rich text for tooltips, so the
    text is escaped inside an explicit rich-text paragraph ("" stays "": no tooltip)."""
    if not text:
        return ""
    return f"<p style='white-space:pre-wrap'>{html.escape(str(text))}</p>"


def count_of(n: int, noun: str, plural: str | None = None) -> str:
    """``1 song``, ``2 songs``: one place for plurals shown to people."""
    return f"{n} {noun if n == 1 else (plural or noun + 's')}"
