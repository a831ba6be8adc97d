"""Qt translation: the helper for strings outside QObject subclasses, and the translators
installed at start.

Widgets use ``self.tr("…")``; module-level code and plain classes call
:func:`translate` with an explicit context. Both forms are what ``pyside6-lupdate`` collects
into the template ``assets/translations/encore.ts`` (``scripts/update-translations.sh``), so a
string written any other way is missing from the template. A translation for a language is a
compiled ``encore_<lang>.qm`` beside the template, installed in the ``encore_assets`` package.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

CATALOGUE = "encore"


def translations_folder() -> Path:
    # pip unpacks wheels, so the package folder is a real directory QTranslator can read.
    return Path(str(files("encore_assets") / "translations"))


def translate(context: str, text: str, n: int = -1) -> str:
    """``text`` in the user's language (``n`` picks a plural form where the text has ``%n``)."""
    return QCoreApplication.translate(context, text, None, n)


def install_translators(
    app: QCoreApplication, locale: QLocale | None = None, folder: Path | None = None
) -> list[QTranslator]:
    """Install Encore's and Qt's own translations for ``locale`` (default: the system's).

    A language without a ``.qm`` file leaves the English source strings; returns the
    translators that were installed (none in an English session).
    """
    locale = locale if locale is not None else QLocale.system()
    sources = (
        (CATALOGUE, folder if folder is not None else translations_folder()),
        ("qtbase", Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))),
    )
    installed = []
    for name, where in sources:
        translator = QTranslator(app)
        # Tries encore_de_DE.qm, encore_de.qm, … for each of the locale's UI languages.
        if translator.load(locale, name, "_", str(where), ".qm") and app.installTranslator(
            translator
        ):
            installed.append(translator)
    return installed
