"""The keys that edit a list kept in order — the queue and a playlist alike: Alt+Up/Down move the
selected song, Delete removes it. One rule, so the two pages cannot drift apart."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent


def handle_order_key(
    event: QEvent, *, move: Callable[[int], None], remove: Callable[[], None]
) -> bool:
    """Act on one of the ordering keys; True when it was one (the list must not also see it)."""
    if not isinstance(event, QKeyEvent) or event.type() != QEvent.Type.KeyPress:
        return False
    key, modifiers = event.key(), event.modifiers()
    if modifiers == Qt.KeyboardModifier.AltModifier and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
        move(-1 if key == Qt.Key.Key_Up else 1)
        return True
    if key == Qt.Key.Key_Delete and not modifiers:
        remove()
        return True
    return False
