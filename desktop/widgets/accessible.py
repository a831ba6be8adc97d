"""Accessible names and descriptions: what a screen reader says for a control.

One call per control where it is made, so a new button cannot be added without saying what
it is (tests/gui/test_accessibility.py walks the window and fails on a control without both).
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QWidget

W = TypeVar("W", bound=QWidget)


def describe(widget: W, name: str, description: str) -> W:
    """Give ``widget`` an accessible name (what it is) and description (what it does)."""
    widget.setAccessibleName(name)
    widget.setAccessibleDescription(description)
    return widget
