"""Icons and the theme, read from the installed package ``encore_assets`` (the repository's
``assets/`` folder) through :mod:`importlib.resources`, so a wheel finds them where pip put them.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication

ASSETS: Traversable = files("encore_assets")
# The theme's accent green: the style sheet names it ``@ACCENT@`` and the palette takes it too.
ACCENT = "#1db980"


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
    relative to the working directory, not to the sheet) and ``@ACCENT@`` the accent colour."""
    try:
        text = (ASSETS / "theme.qss").read_text(encoding="utf-8")
    except OSError:
        return ""  # the app still works in the platform style
    return text.replace("@ICONS@", Path(str(ASSETS / "icons")).as_posix()).replace(
        "@ACCENT@", ACCENT
    )


def apply_theme(app: QApplication) -> None:
    """The style sheet, and the accent in the palette roles a style sheet cannot reach.

    Item models colour text through the palette (the playing row is ``Link``): left at Qt's
    default, that is dark blue on the dark theme's tables, which nobody can read.
    """
    app.setStyleSheet(theme())
    palette = app.palette()
    for role in (QPalette.ColorRole.Link, QPalette.ColorRole.LinkVisited):
        palette.setColor(role, QColor(ACCENT))
    app.setPalette(palette)
