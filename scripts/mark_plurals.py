"""Make every message whose source has ``%n`` a plural (numerus) entry in Qt ``.ts`` files.

lupdate learns that a message is a plural from the ``n`` of a C++ ``tr(text, comment, n)``
call; Python's ``self.tr(...)`` and ``QT_TRANSLATE_NOOP`` give it none, so "%n song(s)" would
get a single form and no translation could say "1 Lied" but "3 Lieder". Run by
scripts/update-translations.sh after lupdate; rerunning changes nothing.

Usage: python scripts/mark_plurals.py FILE.ts...
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

# A message not yet marked whose source holds %n (sources are XML-escaped: no "<" inside).
PLAIN_PLURAL = re.compile(r"<message>(\s*<source>[^<]*%n[^<]*</source>.*?)</message>", re.S)
# A translation that has no plural forms yet: its text becomes the first form.
SINGLE = re.compile(r"<translation([^>]*)>(?!\s*<numerusform)(.*?)</translation>", re.S)


def mark_plurals(text: str) -> str:
    def plural(message: re.Match[str]) -> str:
        body = SINGLE.sub(
            lambda t: (
                f"<translation{t.group(1)}><numerusform>{t.group(2)}</numerusform></translation>"
            ),
            message.group(1),
        )
        return f'<message numerus="yes">{body}</message>'

    return PLAIN_PLURAL.sub(plural, text)


def main(paths: list[str]) -> int:
    for name in paths:
        path = Path(name)
        text = path.read_text(encoding="utf-8")
        marked = mark_plurals(text)
        if marked != text:
            path.write_text(marked, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
