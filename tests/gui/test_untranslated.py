"""Every string the window shows goes through tr(): a pseudo-translation of the shipped template
(each source string wrapped in ⟦ ⟧, compiled with PySide6's lrelease) is installed, the real
window is filled and walked — every page, the album and artist pages, every context menu, the
Help menu and dialog, tooltips, placeholders, headers, accessible names and descriptions — and
any text with a letter outside the marks that is not the library's own data (tags, file
names) fails, named by its widget path. Plural messages must be numerus entries."""

from __future__ import annotations

import html
import re
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QLocale, QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTabWidget,
    QWidget,
)

from desktop.i18n import install_translators
from desktop.phrase_text import _SHOWN, shown
from desktop.views.settings import list_output_devices
from desktop.widgets.sidebar import PAGES
from engine.phrases import CODES
from tests.gui.conftest import WAIT_MS, corners_library
from tests.unit.test_phrases import SAMPLE, examples

pytestmark = pytest.mark.gui

REPO = Path(__file__).resolve().parents[2]
TEMPLATE = REPO / "assets" / "translations" / "encore.ts"
LRELEASE = REPO / ".venv" / "bin" / "pyside6-lrelease"
OPEN, CLOSE = "⟦", "⟧"
MARKED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
LETTER = re.compile(r"[^\W\d_]")
TAG = re.compile(r"<[^>]*>")
ROWS = 40  # rows of each list read (the rest say the same)


def pseudo_translation(template: Path, folder: Path, language: str = "eo") -> Path:
    """``encore_<language>.qm`` in ``folder``: every source string of ``template`` wrapped in
    marks (plural entries get marked forms)."""
    tree = ET.parse(template)
    root = tree.getroot()
    root.set("language", language)
    for message in root.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None:
            translation = ET.SubElement(message, "translation")
        translation.attrib.pop("type", None)  # lrelease leaves "unfinished" ones out
        for form in list(translation):
            translation.remove(form)
        if message.get("numerus") == "yes":
            translation.text = None
            for _ in range(2):  # Esperanto: one, other
                ET.SubElement(translation, "numerusform").text = OPEN + source + CLOSE
        else:
            translation.text = OPEN + source + CLOSE
    ts = folder / f"encore_{language}.ts"
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    qm = ts.with_suffix(".qm")
    subprocess.run([LRELEASE, str(ts), "-qm", str(qm)], check=True, capture_output=True)
    return qm


def test_every_plural_message_is_a_numerus_entry() -> None:
    # lupdate does not see the plural of a Python string; scripts/update-translations.sh marks
    # every "%n" message, so a translation can give each plural form.
    root = ET.parse(TEMPLATE).getroot()
    plain = [
        m.findtext("source")
        for m in root.iter("message")
        if "%n" in (m.findtext("source") or "") and m.get("numerus") != "yes"
    ]
    assert plain == [], "run scripts/update-translations.sh"
    assert any(m.get("numerus") == "yes" for m in root.iter("message"))


def unmarked(text: str, data: list[str]) -> str:
    """What is left of ``text`` once marked (translated) parts and data are taken out, if it
    still holds a letter; else ""."""
    rest = html.unescape(TAG.sub(" ", text)) if text.startswith("<") else text  # rich tooltips
    while True:  # innermost marks first: a translated text may hold translated parts
        fewer = MARKED.sub(" ", rest)
        if fewer == rest:
            break
        rest = fewer
    for value in data:
        rest = rest.replace(value, " ")
    return rest.strip() if LETTER.search(rest) else ""


def _path(widget: QWidget) -> str:
    parts = []
    while widget is not None:
        parts.append(widget.objectName() or type(widget).__name__)
        widget = widget.parentWidget()
    return "/".join(reversed(parts))


def _qt_own(widget: QWidget) -> bool:
    """A control whose text is Qt's (translated by Qt's own catalogue, qtbase)."""
    box = widget.parentWidget()
    return (
        isinstance(widget, QAbstractButton)
        and isinstance(box, QDialogButtonBox)
        and box.standardButton(widget) != QDialogButtonBox.StandardButton.NoButton
    ) or widget.objectName().startswith("qt_")


def widget_texts(widget: QWidget) -> Iterator[tuple[str, str]]:
    """(what, text) of everything ``widget`` shows or says of itself."""
    yield "toolTip", widget.toolTip()
    yield "accessibleName", widget.accessibleName()
    yield "accessibleDescription", widget.accessibleDescription()
    yield "statusTip", widget.statusTip()
    if widget.isWindow():
        yield "windowTitle", widget.windowTitle()
    if _qt_own(widget):
        return
    if isinstance(widget, (QLabel, QAbstractButton)):
        yield "text", widget.text()
    elif isinstance(widget, QLineEdit):
        yield "placeholderText", widget.placeholderText()
    elif isinstance(widget, QGroupBox):
        yield "title", widget.title()
    elif isinstance(widget, QTabWidget):
        for i in range(widget.count()):
            yield f"tab {i}", widget.tabText(i)
    if isinstance(widget, QComboBox):
        for i in range(widget.count()):
            yield f"item {i}", widget.itemText(i)
    if (
        isinstance(widget, QAbstractItemView)
        and not isinstance(widget, QHeaderView)  # its labels are its view's model's headers
        and widget.model() is not None
    ):
        yield from model_texts(widget.model())


ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.AccessibleTextRole,
    Qt.ItemDataRole.AccessibleDescriptionRole,
)


def model_texts(model: QAbstractItemModel) -> Iterator[tuple[str, str]]:
    # A list model's columnCount is private to PySide: it has one.
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(QModelIndex())
    for column in range(columns):
        header = model.headerData(column, Qt.Orientation.Horizontal)
        if isinstance(header, str):
            yield f"header {column}", header
    for row in range(min(model.rowCount(QModelIndex()), ROWS)):
        for column in range(columns):
            index = model.index(row, column)
            for role in ROLES:
                value = model.data(index, role)
                if isinstance(value, str):
                    yield f"row {row} column {column} {role.name}", value


def menu_texts(menu: QMenu, path: str) -> Iterator[tuple[str, str]]:
    yield f"{path} title", menu.title()
    for action in menu.actions():
        where = f"{path}/{action.text() or 'separator'}"
        yield where, action.text()
        yield f"{where} toolTip", action.toolTip() if action.toolTip() != action.text() else ""
        if action.menu() is not None:
            yield from menu_texts(action.menu(), where)


def popup_texts(open_menu: Callable[[], None], path: str) -> list[tuple[str, str]]:
    """The texts of the context menu ``open_menu`` shows (its own loop runs it; closed at once)."""
    found: list[tuple[str, str]] = []

    def read_and_close() -> None:
        menu = QApplication.activePopupWidget()
        if isinstance(menu, QMenu):
            found.extend(menu_texts(menu, path))
            menu.close()

    QTimer.singleShot(0, read_and_close)
    open_menu()
    assert found, f"{path}: no menu opened"
    return found


def dialog_texts(open_dialog: Callable[[], object], path: str, *, title_only: bool = False):
    """The texts of the modal dialog ``open_dialog`` shows (read in its own loop, then
    cancelled); only its title for Qt's own dialogs (a file dialog: qtbase translates it)."""
    found: list[tuple[str, str]] = []

    def read_and_close() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            return
        if title_only:
            found.append((f"{path} windowTitle", dialog.windowTitle()))
        else:
            for widget in [dialog, *dialog.findChildren(QWidget)]:
                found.extend((f"{path}/{_path(widget)} {w}", t) for w, t in widget_texts(widget))
        dialog.reject()

    QTimer.singleShot(0, read_and_close)
    open_dialog()
    assert found, f"{path}: no dialog opened"
    return found


@pytest.fixture
def pseudo(qapp, tmp_path: Path) -> Iterator[None]:
    pseudo_translation(TEMPLATE, tmp_path)
    translators = install_translators(qapp, QLocale("eo"), folder=tmp_path)
    assert any(Path(t.filePath()).parent == tmp_path for t in translators)
    yield
    for translator in translators:
        qapp.removeTranslator(translator)


def test_every_reason_and_mix_name_is_worded_through_tr(pseudo) -> None:
    # A new code without a wording of its own here fails; so does one whose words lupdate
    # did not collect (left unmarked by the pseudo-translation).
    assert set(_SHOWN) == set(CODES)
    for p in examples():
        text = shown(p)
        if p.code in ("none", "stored"):  # nothing said, or English stored before codes
            continue
        assert OPEN in text, (p, text)
        assert not unmarked(text, [SAMPLE[str]]), (p, text)


def test_every_text_of_the_window_is_translated_or_data(
    qtbot, pseudo, wait_jobs, tmp_path: Path
) -> None:
    from desktop.app import build_desktop
    from engine.context import build_context
    from engine.playback.output import NullOutput

    ctx = build_context()
    tracks = corners_library(ctx.store, tmp_path / "music", per_group=3)
    ctx.store.create_playlist("Mine", list(tracks)[:2])
    app = build_desktop(ctx, output=NullOutput(realtime=True, keep=False), load=False)
    window = app.window
    qtbot.addWidget(window)
    window.show()
    try:
        _walk_and_check(qtbot, app, wait_jobs, list(tracks.values()))
    finally:
        window.close()
        app.close()


def _walk_and_check(qtbot, app, wait_jobs, tracks) -> None:
    window = app.window
    data = sorted(
        {
            text
            for t in tracks
            for text in (t.title, t.artist, t.album, t.path, Path(t.path).name, t.track_id)
        }
        | {str(Path(tracks[0].path).parent)},
        key=len,
        reverse=True,  # the longest first: a path before the file name inside it
    )
    found: list[tuple[str, str]] = []

    def read(root: QWidget) -> None:
        for widget in [root, *root.findChildren(QWidget)]:
            for what, text in widget_texts(widget):
                found.append((f"{_path(widget)} {what}", text))

    window.load_all()
    wait_jobs(app)
    window.sidebar.select("Library")
    window.library.play_from(0)  # the player bar, the window title, Up next, the queue's "from"
    qtbot.waitUntil(lambda: app.player.current is not None, timeout=WAIT_MS)
    data += [k for b in window.keyboard.bindings for k in _key_names(b.keys)]  # Qt's own names
    # Reasons and mix names are phrases worded through tr() (desktop/phrase_text.py): only the
    # tag text inside them (a mix's genre) is data.
    data += [str(c.name.value("genre")) for c in app.ctx.store.clusters() if c.name.value("genre")]
    data += ["Mine"]  # a playlist's name is the listener's
    data += list_output_devices()  # this machine's sound devices ("pulse" where PulseAudio runs)
    data.sort(key=len, reverse=True)
    for page, _icon in PAGES:
        window.sidebar.select(page)
        wait_jobs(app)
        read(window)
    browse = window.browse
    window.sidebar.select("Albums")
    qtbot.waitUntil(lambda: browse.albums.model.rowCount() > 0, timeout=WAIT_MS)
    album = browse.albums.model.item_at(0)
    browse.albums.open_album(album)
    window.sidebar.select("Artists")
    qtbot.waitUntil(lambda: browse.artists.model.rowCount() > 0, timeout=WAIT_MS)
    browse.artists.open_artist(browse.artists.model.item_at(0))
    wait_jobs(app)
    window.library.import_panel.start()
    read(window)
    found.append(("statusBar message", window.statusBar().currentMessage()))

    # Context menus, as a right-click opens them.
    library = window.library
    found += menu_texts(library.menu_for(0), "Library row menu")
    found += menu_texts(window.queue.list.menu_for(tracks[0]), "Queue row menu")
    found += menu_texts(browse.albums.actions.menu(album, window), "Album tile menu")
    songs = browse.albums.page.songs
    found += popup_texts(
        lambda: songs.customContextMenuRequested.emit(
            songs.visualItemRect(songs.topLevelItem(0)).center()
        ),
        "Album song menu",
    )
    home_mixes = window.home.your_mixes
    if home_mixes.count():
        found += popup_texts(
            lambda: home_mixes.customContextMenuRequested.emit(
                home_mixes.visualItemRect(home_mixes.item(0)).center()
            ),
            "Home mix menu",
        )
    playlists = window.playlists.view
    window.sidebar.select("Playlists")
    wait_jobs(app)
    playlists.names.setCurrentRow(1)  # "Mine"
    wait_jobs(app)
    read(playlists)
    found += dialog_texts(playlists.delete_playlist, "Delete playlist")
    found += dialog_texts(lambda: window.playlists.menu.new_playlist(tracks[:1]), "New playlist")
    found += dialog_texts(playlists.choose_import, "Import M3U", title_only=True)
    found += dialog_texts(window.library.choose_folder, "Import folder", title_only=True)
    for menu in window.menuBar().findChildren(QMenu):
        found += menu_texts(menu, "Menu bar")
    dialog = window.menus.show_shortcuts()
    read(dialog)
    dialog.close()
    about = window.menus.show_about()
    # Its version, licence id and folders are data (the longest first, as above).
    data = sorted([*data, *(f.text() for f in about.fields.values())], key=len, reverse=True)
    read(about)
    about.close()

    problems = sorted(
        {f"{where}: {text!r}" for where, text in found if text and unmarked(text, data)}
    )
    assert not problems, f"{len(problems)} untranslated texts:\n" + "\n".join(problems)


def _key_names(keys: tuple[str, ...]) -> list[str]:
    native = QKeySequence.SequenceFormat.NativeText
    return [k if "…" in k else QKeySequence(k).toString(native) for k in keys]
