#!/usr/bin/env bash
# Regenerate the translation template assets/translations/encore.ts from every self.tr() /
# translate() in desktop/, and compile any finished encore_<lang>.ts beside it to .qm.
# Run after changing a user-visible string; tests/gui/test_translations.py fails while the
# template is out of date. Locations are left out so the template changes only with strings.
# Every "%n" message is then made a plural entry (scripts/mark_plurals.py: lupdate cannot tell
# from Python code), before any translation is compiled.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin
folder=assets/translations
"$bin/pyside6-lupdate" -extensions py -locations none -no-obsolete -source-language en \
    desktop -ts "$folder/encore.ts"
"$bin/python" scripts/mark_plurals.py "$folder/encore.ts"
for ts in "$folder"/encore_*.ts; do
    [ -e "$ts" ] || continue
    "$bin/pyside6-lupdate" -extensions py -locations none -no-obsolete desktop -ts "$ts"
    "$bin/python" scripts/mark_plurals.py "$ts"
    "$bin/pyside6-lrelease" "$ts" -qm "${ts%.ts}.qm"
done
