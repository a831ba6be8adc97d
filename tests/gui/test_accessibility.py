"""Every control has an accessible name and description: a screen reader never says only
"button". Walks the whole window (every page shown once) through QAccessible."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QWidget,
)

from desktop.widgets.sidebar import PAGES

pytestmark = pytest.mark.gui
INTERACTIVE = (
    QAbstractButton,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QAbstractItemView,
)


def _label(widget: QWidget) -> str:
    return (
        f"{type(widget).__name__}({widget.objectName() or '?'}) in {type(widget.parent()).__name__}"
    )


def _inside(widget: QWidget, kinds: tuple[type, ...]) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, kinds):
            return True
        parent = parent.parentWidget()
    return False


def unnamed_controls(root: QWidget) -> list[str]:
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE):
            continue
        if _inside(widget, (QAbstractSpinBox, QComboBox, QLineEdit)):
            continue  # parts of a spin box, combo box or line edit: the owner speaks for them
        if type(widget).__name__ in ("QScrollBar",) or widget.objectName().startswith("qt_"):
            continue  # Qt's own scroll bars and viewport parts
        iface = QAccessible.queryAccessibleInterface(widget)
        name = iface.text(QAccessible.Text.Name).strip() if iface else ""
        description = iface.text(QAccessible.Text.Description).strip() if iface else ""
        if not name or not description:
            missing.append(f"{_label(widget)}: name={name!r} description={description!r}")
    return missing


def test_every_control_has_an_accessible_name_and_description(desktop, wait_jobs) -> None:
    window = desktop.window
    window.load_all()
    wait_jobs(desktop)
    for label, _icon in PAGES:
        window.sidebar.select(label)
    window.library.import_panel.start()  # its buttons too
    missing = unnamed_controls(window)
    assert not missing, "\n".join(missing)
