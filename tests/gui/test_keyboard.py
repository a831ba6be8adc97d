"""Keyboard navigation, driven with key events: Ctrl+1…8 open each page with the focus in it,
F6 / Shift+F6 walk sidebar → page → Up next → player bar, Tab goes from the sidebar into the
page shown, Space and the arrows stay with the control that uses them, every shortcut is in
Help → Keyboard shortcuts, the focus shows on the dark theme wherever it lands, and Down or
Enter in the search box goes to the first result."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage, QKeySequence, QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from desktop.widgets.assets import theme
from desktop.widgets.sidebar import PAGES
from engine.models import Track
from tests.gui.conftest import WAIT_MS, write_tone

pytestmark = pytest.mark.gui


def _focus() -> QWidget:
    focused = QApplication.focusWidget()
    assert focused is not None
    return focused


def _press(key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key as the keyboard sends it: to the widget with the focus."""
    QTest.keyClick(_focus(), key, modifier)


def _inside(region: QWidget, widget: QWidget) -> bool:
    return widget is region or region.isAncestorOf(widget)


@pytest.fixture
def window(qtbot, desktop, wait_jobs, tmp_path: Path):
    tracks = [
        Track(f"k{i}", str(write_tone(tmp_path / f"k{i}.wav", 30.0, sr=8000)), f"Key {i}", "A")
        for i in range(3)
    ]
    desktop.ctx.store.upsert_tracks(tracks)
    window = desktop.window
    window.load_all()
    wait_jobs(desktop)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    window.sidebar.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.sidebar, timeout=WAIT_MS)
    return window


def test_ctrl_and_a_number_opens_each_page_with_the_focus_in_it(window) -> None:
    for row, (page, _icon) in enumerate(PAGES):
        _press(Qt.Key(Qt.Key.Key_1 + row), Qt.KeyboardModifier.ControlModifier)
        assert window.sidebar.current_page() == page
        assert _inside(window.pages.currentWidget(), _focus()), (page, _focus())
    _press(Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert _focus() is window.library.table


def test_f6_walks_the_regions_and_shift_f6_walks_back(window) -> None:
    window.sidebar.select("Library")
    window.sidebar.setFocus()
    regions = [window.library, window.recommendations, window.now_playing, window.sidebar]
    for region in regions:
        _press(Qt.Key.Key_F6)
        assert _inside(region, _focus()), (region, _focus())
    assert _focus() is window.sidebar
    for region in reversed(regions[:-1]):
        _press(Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
        assert _inside(region, _focus()), (region, _focus())


def test_tab_goes_from_the_sidebar_into_the_page_shown(window) -> None:
    window.sidebar.select("Queue")
    window.sidebar.setFocus()
    _press(Qt.Key.Key_Tab)
    assert _inside(window.queue, _focus())


@pytest.mark.parametrize("page", ["Home", "Library", "Albums", "Playlists", "Settings"])
def test_tab_walks_the_window_in_reading_order(window, page: str) -> None:
    """Tab from the sidebar visits the page, then Up next, then the player bar, then comes
    back to the sidebar: never back and forth between them."""
    window.sidebar.select(page)
    window.sidebar.setFocus()
    regions = {
        "sidebar": window.sidebar,
        "page": window.pages.currentWidget(),
        "up next": window.recommendations,
        "player": window.now_playing,
    }
    visited: list[str] = []
    for _ in range(200):
        _press(Qt.Key.Key_Tab)
        name = next((n for n, r in regions.items() if _inside(r, _focus())), "elsewhere")
        if not visited or visited[-1] != name:
            visited.append(name)
        if name == "sidebar":
            break
    assert visited == ["page", "up next", "player", "sidebar"]


def test_space_and_arrows_stay_with_the_control_that_uses_them(qtbot, window, desktop) -> None:
    player, bar = desktop.player, window.now_playing
    window.controller.play_tracks(window.library_model.visible_tracks())
    qtbot.waitUntil(lambda: player.state == "playing", timeout=WAIT_MS)

    bar.shuffle_button.setFocus()  # Space presses the focused button…
    shuffled = bar.shuffle_button.isChecked()
    _press(Qt.Key.Key_Space)
    assert bar.shuffle_button.isChecked() != shuffled
    assert player.state == "playing"
    window.sidebar.setFocus()  # …and plays or pauses anywhere else
    _press(Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: player.state == "paused", timeout=WAIT_MS)

    volume = bar.volume_slider  # the arrows move a focused slider instead of seeking
    volume.setFocus()
    before = volume.value()
    _press(Qt.Key.Key_Left)
    assert volume.value() < before

    _press(Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # Ctrl+L: the search field
    assert _focus() is window.library.search
    QTest.keyClicks(window.library.search, "a b")
    assert window.library.search.text() == "a b" and player.state == "paused"


def test_the_menu_key_opens_the_current_rows_menu(qtbot, window) -> None:
    window.sidebar.select("Library")
    table = window.library.table
    table.setFocus()
    table.setCurrentIndex(window.library_model.index(1, 0))
    asked = []
    table.customContextMenuRequested.connect(lambda at: asked.append(table.indexAt(at).row()))
    shown = []

    def close_menu() -> None:
        menu = QApplication.activePopupWidget()
        shown.append([a.text() for a in menu.actions()] if menu else None)
        if menu is not None:
            menu.close()

    QTimer.singleShot(0, close_menu)  # runs inside the menu's own event loop
    _press(Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    assert asked == [1]
    assert shown and shown[0] and "Play next" in shown[0]


def test_help_lists_every_shortcut_of_the_window(qtbot, window) -> None:
    _press(Qt.Key.Key_F1)
    dialogs = [w for w in QApplication.topLevelWidgets() if w.objectName() == "shortcutsDialog"]
    assert len(dialogs) == 1 and dialogs[0].isVisible()
    dialog = dialogs[0]
    listed = set()
    for keys, what in dialog.rows():
        assert what, keys
        for key in keys.splitlines():
            if "…" in key:  # "Ctrl+1…8"
                prefix, last = key.split("…")
                listed |= {f"{prefix[:-1]}{n}" for n in range(int(prefix[-1]), int(last) + 1)}
            else:
                listed.add(key)
    native = QKeySequence.SequenceFormat.NativeText
    bound = {s.key().toString(native) for s in window.findChildren(QShortcut)}
    assert bound - listed == set()
    assert {"F6", "Shift+F6", "Ctrl+F", "Ctrl+L", "Space", "F1"} <= listed
    dialog.close()


def _image(widget: QWidget) -> QImage:
    return widget.grab().toImage()


def test_the_focus_shows_on_the_dark_theme_wherever_it_lands(qtbot, window) -> None:
    window.setStyleSheet(theme())
    unseen = []
    for row, (page, _icon) in enumerate(PAGES):
        window.sidebar.setCurrentRow(row)
        regions = (window.sidebar, window.pages.currentWidget())
        for region in (*regions, window.recommendations, window.now_playing):
            targets = [w for w in region.findChildren(QWidget) if _takes_tab(w)]
            for widget in [region, *targets] if _takes_tab(region) else targets:
                if QApplication.focusWidget() is not None:
                    QApplication.focusWidget().clearFocus()
                before = _image(widget)
                widget.setFocus(Qt.FocusReason.TabFocusReason)
                qtbot.waitUntil(widget.hasFocus, timeout=WAIT_MS)
                if _image(widget) == before:
                    unseen.append(f"{page}: {type(widget).__name__}({widget.objectName()})")
    assert not unseen, "\n".join(sorted(set(unseen)))


def _takes_tab(widget: QWidget) -> bool:
    return (
        bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        and widget.isVisible()
        and widget.isEnabled()
        and not widget.objectName().startswith("qt_")
    )


def test_ctrl_q_closes_the_window_and_saves_its_state(window, encore_home: Path) -> None:
    # There was no way to quit but the window manager's close button.
    assert "Ctrl+Q" in [k for b in window.keyboard.bindings for k in b.keys]  # listed in Help
    window.sidebar.select("Albums")
    _press(Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()
    assert "page=Albums" in (encore_home / "desktop.ini").read_text(encoding="utf-8")


@pytest.mark.parametrize("key", [Qt.Key.Key_Down, Qt.Key.Key_Return])
def test_down_or_enter_in_the_search_goes_to_the_first_result(qtbot, window, desktop, key) -> None:
    _press(Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    library = window.library
    assert _focus() is library.search
    QTest.keyClicks(library.search, "key 2")
    qtbot.waitUntil(lambda: library.model.rowCount() == 1, timeout=WAIT_MS)
    _press(key)
    assert _focus() is library.table
    assert library.table.currentIndex().row() == 0
    assert [t.title for t in library.selected_tracks()] == ["Key 2"]
    _press(Qt.Key.Key_Return)  # and Enter there plays what was found
    qtbot.waitUntil(lambda: desktop.player.current is not None, timeout=WAIT_MS)
    assert desktop.player.current.title == "Key 2"
