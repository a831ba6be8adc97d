"""What Home and Mixes say while there are no mixes: one rule and one wording for both pages."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from desktop.i18n import translate

NO_MIXES = QT_TRANSLATE_NOOP(
    "NoMixes", "No mixes yet: import and analyse a music folder, and Encore groups it into mixes."
)
# Songs are analysed but the training has not saved a run yet (it follows each import in the
# background, minutes on a large library): asking to import again would be wrong.
MIXES_COMING = QT_TRANSLATE_NOOP(
    "NoMixes",
    "No mixes yet: Encore groups the analysed songs into mixes in the background after an "
    "import; they appear here when it is done.",
)


# An import runs but has analysed nothing yet (its first seconds read tags): asking the listener
# to import what is being imported read as if the click had done nothing.
MIXES_IMPORTING = QT_TRANSLATE_NOOP(
    "NoMixes",
    "No mixes yet: Encore is importing and analysing your music, and groups it into mixes "
    "when that is done.",
)


def no_mixes_note(analysed: int, *, importing: bool = False) -> str:
    """The note shown instead of mixes, given how many songs are analysed and whether an
    import is running."""
    if analysed:
        return translate("NoMixes", MIXES_COMING)
    return translate("NoMixes", MIXES_IMPORTING if importing else NO_MIXES)
