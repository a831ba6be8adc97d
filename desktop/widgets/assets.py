"""Icons and the theme, read from the installed package ``encore_assets`` (the repository's
``assets/`` folder) through :mod:`importlib.resources`, so a wheel finds them where pip put them.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from PySide6.QtGui import QIcon

ASSETS: Traversable = files("encore_assets")


def icon_file(name: str) -> Traversable:
    return ASSETS / "icons" / f"{name}.svg"


@cache
def icon(name: str) -> QIcon:
    # pip always unpacks wheels, so the resource is a real file Qt can load (and re-render
    # at any size, which a pixmap read from bytes could not).
    return QIcon(str(icon_file(name)))


def app_icon() -> QIcon:
    return QIcon(str(ASSETS / "encore.svg"))


def theme() -> str:
    """The style sheet, with ``@ICONS@`` naming the icon folder (a style sheet's ``url()`` is
    relative to the working directory, not to the sheet)."""
    try:
        text = (ASSETS / "theme.qss").read_text(encoding="utf-8")
    except OSError:
        return ""  # the app still works in the platform style
    return text.replace("@ICONS@", Path(str(ASSETS / "icons")).as_posix())
