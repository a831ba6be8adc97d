"""The desktop entry Encore ships (``assets/linux``), read where the app must say the same."""

from __future__ import annotations

from importlib.resources import files

from desktop.app_id import APP_ID


def entry_text() -> str:
    return (files("encore_assets") / "linux" / f"{APP_ID}.desktop").read_text(encoding="utf-8")


def mime_types() -> list[str]:
    """The entry's ``MimeType`` list: what "Open with" offers Encore for, and what MPRIS
    reports as ``SupportedMimeTypes``."""
    for line in entry_text().splitlines():
        if line.startswith("MimeType="):
            return [m for m in line.removeprefix("MimeType=").split(";") if m]
    return []
