"""Small text helpers shared by models and widgets."""

from __future__ import annotations


def format_duration(seconds: float) -> str:
    seconds = max(round(float(seconds or 0)), 0)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def one_line(text: str) -> str:
    """Tag text may hold newlines or control characters; a table cell shows one line."""
    return " ".join(str(text).split())
