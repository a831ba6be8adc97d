"""UI strings go through Qt's translation: the shipped template holds them, and a compiled
translation for the user's language is installed at start and shown."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt

from desktop.i18n import install_translators
from desktop.models.formatting import count_of

pytestmark = pytest.mark.gui

REPO = Path(__file__).resolve().parents[2]
BIN = REPO / ".venv" / "bin"
LUPDATE_FLAGS = (
    "-extensions",
    "py",
    "-locations",
    "none",
    "-no-obsolete",
    "-source-language",
    "en",
)
TEMPLATE = REPO / "assets" / "translations" / "encore.ts"  # shipped as encore_assets/translations


def _messages(ts: Path) -> set[tuple[str, str]]:
    root = ET.parse(ts).getroot()
    return {
        (context.findtext("name") or "", message.findtext("source") or "")
        for context in root.iter("context")
        for message in context.iter("message")
    }


def test_the_shipped_template_is_what_lupdate_finds_in_desktop(tmp_path: Path) -> None:
    # The flags of scripts/update-translations.sh; run it when this fails.
    fresh = tmp_path / "encore.ts"
    subprocess.run(
        [BIN / "pyside6-lupdate", *LUPDATE_FLAGS, str(REPO / "desktop"), "-ts", str(fresh)],
        check=True,
        capture_output=True,
    )
    shipped = TEMPLATE
    missing = _messages(fresh) - _messages(shipped)
    stale = _messages(shipped) - _messages(fresh)
    assert not missing and not stale, "run scripts/update-translations.sh"


def test_the_template_holds_the_strings_of_known_widgets() -> None:
    messages = _messages(TEMPLATE)
    for known in (
        ("NowPlayingBar", "Nothing playing"),
        ("NowPlayingBar", "Shuffle the queue"),
        ("NowPlayingBar", "Repeat: one"),
        ("NowPlayingBar", "Radio: {title}"),
        ("Sidebar", "Library"),
        ("LibraryModel", "Title"),
        ("SettingsView", "Save"),
        ("Counts", "%n song(s)"),
    ):
        assert known in messages, known


def _german(folder: Path) -> None:
    ts = folder / "encore_de.ts"
    ts.write_text(
        '<?xml version="1.0" encoding="utf-8"?><!DOCTYPE TS><TS version="2.1" language="de">'
        "<context><name>NowPlayingBar</name>"
        "<message><source>Nothing playing</source><translation>Nichts läuft</translation>"
        "</message><message><source>Shuffle</source><translation>Zufall</translation>"
        "</message></context><context><name>Sidebar</name><message><source>Library</source>"
        "<translation>Bibliothek</translation></message></context>"
        "<context><name>LibraryModel</name><message><source>Title</source>"
        "<translation>Titel</translation></message></context>"
        "<context><name>Counts</name><message numerus='yes'><source>%n song(s)</source>"
        "<translation><numerusform>%n Lied</numerusform><numerusform>%n Lieder</numerusform>"
        "</translation></message></context></TS>",
        encoding="utf-8",
    )
    subprocess.run(
        [BIN / "pyside6-lrelease", str(ts), "-qm", str(folder / "encore_de.qm")],
        check=True,
        capture_output=True,
    )


def test_the_window_shows_the_installed_translation(qtbot, qapp, tmp_path: Path) -> None:
    from desktop.app import build_desktop
    from engine.context import build_context
    from engine.playback.output import NullOutput

    _german(tmp_path)
    translators = install_translators(qapp, QLocale("de_DE"), folder=tmp_path)
    try:
        ours = [t for t in translators if Path(t.filePath()).parent == tmp_path]
        assert [Path(t.filePath()).name for t in ours] == ["encore_de.qm"]
        app = build_desktop(
            build_context(), output=NullOutput(realtime=True, keep=False), load=False
        )
        qtbot.addWidget(app.window)
        try:
            bar = app.window.now_playing
            assert bar.title.text() == "Nichts läuft"
            assert bar.shuffle_button.accessibleName() == "Zufall"
            assert bar.previous_button.accessibleName() == "Previous"  # untranslated: English
            sidebar = app.window.sidebar
            assert sidebar.item(1).text() == "Bibliothek"
            sidebar.select("Library")  # pages are found by their key, not their shown name
            assert sidebar.current_page() == "Library"
            header = app.window.library_model.headerData(0, Qt.Orientation.Horizontal)
            assert header == "Titel"
            assert count_of(1, "song") == "1 Lied" and count_of(3, "song") == "3 Lieder"
            assert count_of(3, "album") == "3 albums"  # no translation: the English rule
        finally:
            app.window.close()
            app.close()
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)


def test_a_language_without_a_translation_installs_none_of_ours(qapp, tmp_path: Path) -> None:
    _german(tmp_path)
    translators = install_translators(qapp, QLocale("fr_FR"), folder=tmp_path)
    try:
        assert not [t for t in translators if Path(t.filePath()).parent == tmp_path]
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)
