"""README and docs/ point at files, modules and sections that exist, and the README opens with
the two set-up commands (CI runs the second one)."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
SETUP = [
    "./scripts/install.sh && .venv/bin/encore",
    "./scripts/install.sh --test && .venv/bin/python -m pytest",
]
REPO_DIRS = ("engine/", "desktop/", "backend/", "bench/", "scripts/", "tests/", "assets/", "docs/")
LINK = re.compile(r"\]\(([^)\s]+)\)")
CODE_PATH = re.compile(r"`([A-Za-z0-9_.-]+/[A-Za-z0-9_./-]*)`")
# Files the reader makes (from a template the docs name beside them), never in the repository.
MADE_BY_THE_READER = {"backend/.env"}
MODULE = re.compile(r"python -m ((?:engine|desktop|backend|bench)(?:\.\w+)+)")


def _slug(heading: str) -> str:
    # GitHub's anchor rule: lower case, punctuation dropped, spaces to hyphens.
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    return {_slug(line.lstrip("#")) for line in text.splitlines() if line.startswith("#")}


def test_the_readme_starts_with_the_two_set_up_commands() -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    first_block = text.split("```sh\n", 1)[1].split("```", 1)[0]
    assert first_block.splitlines() == SETUP
    assert len(text.splitlines()) <= 220  # a README for users; the rest lives in docs/


def test_every_link_points_at_a_file_and_section_that_exist() -> None:
    broken = []
    for doc in DOCS:
        for target in LINK.findall(doc.read_text(encoding="utf-8")):
            if target.startswith(("http://", "https://")):
                continue
            file_part, _, anchor = target.partition("#")
            path = (doc.parent / file_part).resolve() if file_part else doc
            if not path.exists():
                broken.append(f"{doc.name}: {target} (no such file)")
            elif anchor and anchor not in _anchors(path):
                broken.append(f"{doc.name}: {target} (no such section)")
    assert broken == []


def test_every_path_and_module_named_exists() -> None:
    missing = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for name in CODE_PATH.findall(text):
            if name in MADE_BY_THE_READER:
                continue
            if name.startswith(REPO_DIRS) and not (REPO / name).exists():
                missing.append(f"{doc.name}: {name}")
        for module in MODULE.findall(text):
            base = REPO / module.replace(".", "/")
            if not (base.with_suffix(".py").is_file() or (base / "__main__.py").is_file()):
                missing.append(f"{doc.name}: python -m {module}")
    assert missing == []
