"""Icons and the theme, loaded from the repository's ``assets/`` folder."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon

ASSETS = Path(__file__).resolve().parents[2] / "assets"


@cache
def icon(name: str) -> QIcon:
    return QIcon(str(ASSETS / "icons" / f"{name}.svg"))


def app_icon() -> QIcon:
    return QIcon(str(ASSETS / "encore.svg"))


def theme() -> str:
    try:
        return (ASSETS / "theme.qss").read_text(encoding="utf-8")
    except OSError:
        return ""  # the app still works in the platform style
