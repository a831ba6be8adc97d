"""How a span of seconds is written for people (a track's length, a position in it): the one
rule for the window, the CLI player and every list."""

from __future__ import annotations


def format_duration(seconds: float) -> str:
    """``m:ss`` (``h:mm:ss`` from an hour on), to the nearest second; none or negative: 0:00."""
    seconds = max(round(float(seconds or 0)), 0)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
