"""Small text helpers shared by models and widgets."""

from __future__ import annotations

import html

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from engine.clock_text import format_duration as format_duration  # the views import it here

# Counted nouns as Qt plural messages: a translation gives each language its own plural forms
# for ``%n``; the English text is built by count_of's own rule.
COUNTED = {
    "album": QT_TRANSLATE_NOOP("Counts", "%n album(s)"),
    "artist": QT_TRANSLATE_NOOP("Counts", "%n artist(s)"),
    "day": QT_TRANSLATE_NOOP("Counts", "%n day(s)"),
    "entry": QT_TRANSLATE_NOOP("Counts", "%n entry(s)"),
    "file": QT_TRANSLATE_NOOP("Counts", "%n file(s)"),
    "play": QT_TRANSLATE_NOOP("Counts", "%n play(s)"),
    "song": QT_TRANSLATE_NOOP("Counts", "%n song(s)"),
}


def playing_now() -> str:
    """What a screen reader adds to the row of the song playing, in every list."""
    return QCoreApplication.translate("Lists", "playing now")


def row_marks(*, playing: bool, liked: bool) -> str | None:
    """What a screen reader adds to a song's row in every list (its accessible description):
    the bold and the heart it cannot see. None when there is nothing to add."""
    marks = [playing_now()] if playing else []
    if liked:
        marks.append(QCoreApplication.translate("Lists", "liked"))
    return ", ".join(marks) or None


def one_line(text: str) -> str:
    """Tag text may hold newlines or control characters; a table cell shows one line."""
    return " ".join(str(text).split())


def plain_tooltip(text: str) -> str:
    """``text`` as a tooltip that shows literally: Qt guesses rich text for tooltips, so the
    text is escaped inside an explicit rich-text paragraph ("" stays "": no tooltip)."""
    if not text:
        return ""
    return f"<p style='white-space:pre-wrap'>{html.escape(str(text))}</p>"


def count_of(n: int, noun: str, plural: str | None = None) -> str:
    """``1 song``, ``2 songs``: one place for plurals shown to people (translated when the
    installed translation has the noun)."""
    english = f"{n} {noun if n == 1 else (plural or noun + 's')}"
    source = COUNTED.get(noun)
    if source is None:
        return english
    translated = QCoreApplication.translate("Counts", source, None, n)
    return english if translated == source.replace("%n", str(n)) else translated
