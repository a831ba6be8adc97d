"""The window's keyboard: every shortcut in one table (bound here, listed by Help → Keyboard
shortcuts), the pages on Ctrl+1…8, and F6 / Shift+F6 moving the focus between the window's
regions (sidebar → page → Up next → player bar).

A window shortcut is looked up before the focused widget sees the key, so Space would never
press a focused button and Left / Right would never move a slider or walk the album grid. The
rule for which widgets keep which keys is :func:`keeps_key`; such a key is handed back to the
widget as if no shortcut had taken it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Qt
from PySide6.QtGui import QAction, QContextMenuEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QStackedWidget,
    QTabBar,
    QTextEdit,
    QWidget,
)

from desktop.controller import SEEK_STEP, VOLUME_STEP, PlaybackController
from desktop.media_keys import media_key_actions
from desktop.views.album_page import BACK_KEYS
from desktop.views.library import LibraryView
from desktop.views.recommendations import RecommendationsPane
from desktop.widgets.now_playing import NowPlayingBar
from desktop.widgets.shortcuts_dialog import Binding
from desktop.widgets.sidebar import PAGES, Sidebar

# Widgets that type text keep every key a shortcut could take.
TYPING = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)
SPACE_OWNERS = (*TYPING, QAbstractButton, QComboBox)  # Space presses, checks, opens
ARROW_OWNERS = (*TYPING, QAbstractSlider, QComboBox, QTabBar)
MAX_CHAIN = 5000  # widgets in the window's focus chain, well above the window's few hundred


def keeps_key(widget: QWidget | None, key: Qt.Key) -> bool:
    """Whether ``widget`` uses ``key`` itself, so a window shortcut on it must give it back."""
    if widget is None:
        return False
    if key == Qt.Key.Key_Space:
        return isinstance(widget, SPACE_OWNERS)
    if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
        # A grid (the albums) walks left and right; a list or table has no use for them.
        grid = isinstance(widget, QListView) and widget.viewMode() == QListView.ViewMode.IconMode
        return grid or isinstance(widget, ARROW_OWNERS)
    return False


def focus_target(region: QWidget) -> QWidget | None:
    """Where the focus goes in ``region``: its first list or table in tab order (what the
    keyboard acts on), else its first control that takes the focus by Tab."""
    first: QWidget | None = None
    widget = region.nextInFocusChain()
    seen = 0
    # The chain is a ring through the whole window and comes back to ``region``; the count
    # only bounds the walk should a widget leave it broken.
    while widget is not region and widget is not None and seen < MAX_CHAIN:
        seen += 1
        takes = bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        if takes and widget.isVisible() and widget.isEnabled() and region.isAncestorOf(widget):
            if isinstance(widget, QAbstractItemView):
                return widget
            first = first or widget
        widget = widget.nextInFocusChain()
    return first


class KeyboardWindow(Protocol):
    """What the keys use of the main window (desktop.views.main_window.MainWindow is one): named
    here, so this module needs nothing above it."""

    controller: PlaybackController
    sidebar: Sidebar
    pages: QStackedWidget
    library: LibraryView
    recommendations: RecommendationsPane
    now_playing: NowPlayingBar

    def quit_asking(self) -> None: ...


class Keyboard(QObject):
    def __init__(self, window: KeyboardWindow, parent: QWidget) -> None:
        super().__init__(parent)
        self.window = window
        self._host = parent  # the window itself: window shortcuts are bound to it
        self._shortcuts: dict[str, QShortcut] = {}
        controller = window.controller
        # Ctrl+1 is the sidebar's first page, Ctrl+2 the second…
        pages = [(f"Ctrl+{i + 1}", lambda i=i: self.show_page(i)) for i in range(len(PAGES))]
        actions: list[tuple[Binding, Callable[[], None]]] = [
            (Binding(("Space",), QT_TRANSLATE_NOOP("Keyboard", "Play / pause")), self._space),
            (
                Binding(("Ctrl+Right",), QT_TRANSLATE_NOOP("Keyboard", "Next song")),
                controller.next,
            ),
            (
                Binding(("Ctrl+Left",), QT_TRANSLATE_NOOP("Keyboard", "Previous song")),
                controller.previous,
            ),
            (
                Binding(("Right",), QT_TRANSLATE_NOOP("Keyboard", "Seek forward")),
                lambda: self._arrow(Qt.Key.Key_Right, SEEK_STEP),
            ),
            (
                Binding(("Left",), QT_TRANSLATE_NOOP("Keyboard", "Seek back")),
                lambda: self._arrow(Qt.Key.Key_Left, -SEEK_STEP),
            ),
            (
                Binding(("Ctrl+Up",), QT_TRANSLATE_NOOP("Keyboard", "Volume up")),
                lambda: controller.change_volume(VOLUME_STEP),
            ),
            (
                Binding(("Ctrl+Down",), QT_TRANSLATE_NOOP("Keyboard", "Volume down")),
                lambda: controller.change_volume(-VOLUME_STEP),
            ),
            (
                Binding(("Ctrl+F", "Ctrl+L"), QT_TRANSLATE_NOOP("Keyboard", "Search the library")),
                self.focus_search,
            ),
            (
                Binding(("Menu", "Shift+F10"), QT_TRANSLATE_NOOP("Keyboard", "Open the menu")),
                self.context_menu,
            ),
            (
                Binding(("F6",), QT_TRANSLATE_NOOP("Keyboard", "Next region of the window")),
                lambda: self.cycle(1),
            ),
            (
                Binding(("Shift+F6",), QT_TRANSLATE_NOOP("Keyboard", "Previous region")),
                lambda: self.cycle(-1),
            ),
        ]
        # Closing is quitting: the window saves its state and the last window ends the app.
        # An action rather than a shortcut, so File → Quit is this one binding and shows its key
        # (a QShortcut beside a menu action on the same key makes both ambiguous: neither fires).
        quit_binding = Binding(("Ctrl+Q",), QT_TRANSLATE_NOOP("Keyboard", "Quit Encore"))
        self.quit_action = QAction(self.tr("&Quit"), parent)
        self.quit_action.setShortcuts([QKeySequence(k) for k in quit_binding.keys])
        self.quit_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(window.quit_asking)  # unsaved settings: it asks
        parent.addAction(self.quit_action)  # works with the menu bar hidden as well
        for binding, fn in actions:
            for keys in binding.keys:
                self._add(keys, fn)
        for keys, fn in pages:
            self._add(keys, fn)
        # Bound where they act (the album pages, the search field, the Help menu): listed here.
        self.bindings: list[Binding] = [
            *(binding for binding, _fn in actions),
            quit_binding,
            Binding(
                (f"Ctrl+1…{len(PAGES)}",),
                QT_TRANSLATE_NOOP("Keyboard", "Go to a page, in the sidebar's order"),
            ),
            Binding(BACK_KEYS, QT_TRANSLATE_NOOP("Keyboard", "Back (an album or artist page)")),
            Binding(("Esc",), QT_TRANSLATE_NOOP("Keyboard", "Clear the search")),
            Binding(("Down",), QT_TRANSLATE_NOOP("Keyboard", "From the search to the songs found")),
            Binding(("Enter",), QT_TRANSLATE_NOOP("Keyboard", "Play the selected song")),
            Binding(
                tuple(QKeySequence(k).toString() for k in media_key_actions(controller)),
                QT_TRANSLATE_NOOP("Keyboard", "The keyboard's media keys"),
            ),
            Binding(("F1",), QT_TRANSLATE_NOOP("Keyboard", "This list of shortcuts")),
        ]

    def _add(self, keys: str, fn: Callable[[], None]) -> None:
        shortcut = QShortcut(QKeySequence(keys), self._host)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(fn)
        self._shortcuts[keys] = shortcut

    def hand_back(self, widget: QWidget, keys: str, key: Qt.Key, text: str = "") -> None:
        """Deliver ``key`` to ``widget`` as a press and release (a button clicks on the
        release), with its shortcut off meanwhile: the press would trigger it again."""
        shortcut = self._shortcuts[keys]
        shortcut.setEnabled(False)
        try:
            for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
                event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text)
                QApplication.sendEvent(widget, event)
        finally:
            shortcut.setEnabled(True)

    # --- keys that a focused control may own ---------------------------------------------------
    def _space(self) -> None:
        focused = QApplication.focusWidget()
        if keeps_key(focused, Qt.Key.Key_Space):
            self.hand_back(focused, "Space", Qt.Key.Key_Space, " ")  # type: ignore[arg-type]
        else:
            self.window.controller.toggle()

    def _arrow(self, key: Qt.Key, seconds: float) -> None:
        focused = QApplication.focusWidget()
        if keeps_key(focused, key):
            keys = "Right" if key == Qt.Key.Key_Right else "Left"
            self.hand_back(focused, keys, key)  # type: ignore[arg-type]
        else:
            self.window.controller.seek_by(seconds)

    def context_menu(self) -> None:
        """The focused control's context menu; in a list, the current row's (as a right-click
        on it would open)."""
        focused = QApplication.focusWidget()
        if focused is None:
            return
        if isinstance(focused, QAbstractItemView):
            current = focused.currentIndex()
            if current.isValid():
                if focused.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu:
                    at = focused.visualRect(current).center()
                    focused.customContextMenuRequested.emit(at)
                return
        at = focused.rect().center()
        event = QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, at, focused.mapToGlobal(at))
        QApplication.sendEvent(focused, event)

    # --- where the focus goes ------------------------------------------------------------------
    def regions(self) -> list[tuple[QWidget, QWidget | None]]:
        """The window's regions in F6 order, each with where the focus goes in it."""
        window = self.window
        page = window.pages.currentWidget()
        bar = window.now_playing
        return [
            (window.sidebar, window.sidebar),
            (page, focus_target(page)),
            (window.recommendations, focus_target(window.recommendations)),
            (bar, bar.play_button if bar.play_button.isEnabled() else focus_target(bar)),
        ]

    def cycle(self, step: int) -> None:
        """Move the focus to the next (``step`` 1) or previous (-1) region that can take it."""
        regions = self.regions()
        focused = QApplication.focusWidget()
        here = next(
            (
                i
                for i, (region, _t) in enumerate(regions)
                if focused is not None and (focused is region or region.isAncestorOf(focused))
            ),
            -1 if step > 0 else 0,
        )
        for k in range(1, len(regions) + 1):
            region, target = regions[(here + step * k) % len(regions)]
            if target is not None and region.isVisible():
                target.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return

    def show_page(self, row: int) -> None:
        """Show the sidebar's page ``row`` and put the focus in it."""
        window = self.window
        window.sidebar.setCurrentRow(row)
        target = focus_target(window.pages.currentWidget())
        (target or window.sidebar).setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_search(self) -> None:
        self.window.sidebar.select("Library")
        self.window.library.focus_search()
