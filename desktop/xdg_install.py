"""Install Encore's desktop entry, hicolor icons and AppStream metainfo for the current user.

``python -m desktop.xdg_install [--data-home DIR] [--exec PATH] [--uninstall]`` (run by
``scripts/install.sh``). Files go under ``$XDG_DATA_HOME`` (default ``~/.local/share``):
``applications/``, ``icons/hicolor/{scalable,NxN}/apps/`` and ``metainfo/``. The shipped entry
says ``Exec=encore-desktop``; the installed one names the executable by its absolute path,
because a virtual environment's ``bin/`` is not on the desktop's ``PATH``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from importlib.resources import files
from pathlib import Path

from desktop.app_id import APP_ID
from desktop.desktop_entry import entry_text
from engine.xdg import data_home

# The sizes desktops look up in hicolor (the scalable SVG covers the rest).
PNG_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
# Characters the desktop-entry spec reserves in an Exec argument (the argument must be quoted).
EXEC_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def installed_files(root: Path) -> list[Path]:
    """Every file :func:`install` writes under the data dir ``root``."""
    icons = root / "icons" / "hicolor"
    return [
        root / "applications" / f"{APP_ID}.desktop",
        root / "metainfo" / f"{APP_ID}.metainfo.xml",
        icons / "scalable" / "apps" / f"{APP_ID}.svg",
        *(icons / f"{n}x{n}" / "apps" / f"{APP_ID}.png" for n in PNG_SIZES),
    ]


def exec_argument(path: str) -> str:
    """``path`` as one argument of a desktop entry's ``Exec`` key (quoted and escaped)."""
    if any(ord(c) < 32 for c in path):
        raise ValueError(f"{path!r}: a control character cannot appear in a desktop entry")
    text = path.replace("%", "%%")
    if EXEC_RESERVED & set(text):
        inner = "".join("\\" + c if c in '"`$\\' else c for c in text)
        text = f'"{inner}"'
    # The string-value escape applies before the quoting rule, so backslashes double again.
    return text.replace("\\", "\\\\")


def desktop_entry(executable: str) -> str:
    """The shipped desktop entry with ``encore-desktop`` replaced by ``executable``."""
    lines = []
    for line in entry_text().splitlines():
        key, sep, value = line.partition("=")
        if sep and key == "TryExec":
            line = "TryExec=" + executable.replace("\\", "\\\\")
        elif sep and key == "Exec" and value.split(" ", 1)[0] == "encore-desktop":
            line = f"Exec={exec_argument(executable)}{value[len('encore-desktop') :]}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def install(root: Path, executable: str) -> list[Path]:
    """Write the entry, icons and metainfo under ``root``; returns the files written."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    assets = files("encore_assets")
    entry, metainfo, svg, *pngs = installed_files(root)
    for path in (entry, metainfo, svg, *pngs):
        path.parent.mkdir(parents=True, exist_ok=True)
    entry.write_text(desktop_entry(executable), encoding="utf-8")
    metainfo.write_bytes((assets / "linux" / f"{APP_ID}.metainfo.xml").read_bytes())
    svg.write_bytes((assets / "encore.svg").read_bytes())
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise RuntimeError(f"{svg}: the icon is not a valid SVG")
    for size, png in zip(PNG_SIZES, pngs, strict=True):
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        if not image.save(str(png), "PNG"):
            raise RuntimeError(f"{png}: cannot write the icon")
    _refresh_caches(root)
    return [entry, metainfo, svg, *pngs]


def uninstall(root: Path) -> list[Path]:
    removed = [path for path in installed_files(root) if path.is_file()]
    for path in removed:
        path.unlink()
    _refresh_caches(root)
    return removed


def _refresh_caches(root: Path) -> None:
    # Optional: the MIME cache makes "Open with" list Encore at once (a missing tool only
    # delays that). No icon cache: a user-level one goes stale when other programs add icons
    # without refreshing it, and desktops find icons without one.
    commands = [
        ["update-desktop-database", "-q", str(root / "applications")],
    ]
    for command in commands:
        if shutil.which(command[0]) and Path(command[-1]).is_dir():
            subprocess.run(command, check=False, capture_output=True)


def default_executable() -> Path:
    # Beside this interpreter: pip puts the gui-script in the same bin/ (not resolved, so a
    # venv's python symlink still points into the venv).
    return Path(sys.executable).parent / "encore-desktop"


def main(argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m desktop.xdg_install", description=__doc__)
    parser.add_argument("--data-home", type=Path, help="default: $XDG_DATA_HOME or ~/.local/share")
    parser.add_argument("--exec", dest="executable", type=Path, default=default_executable())
    parser.add_argument("--uninstall", action="store_true", help="remove the installed files")
    args = parser.parse_args(argv)
    root = args.data_home or data_home(os.environ if env is None else env)
    if args.uninstall:
        removed = uninstall(root)
        print(f"removed {len(removed)} files from {root}")
        return 0
    executable = args.executable.absolute()
    if not executable.is_file():
        print(f"encore: {executable}: no such executable (install Encore first)", file=sys.stderr)
        return 1
    try:
        written = install(root, os.fsdecode(executable))
    except (OSError, RuntimeError, ValueError, UnicodeError) as exc:
        print(f"encore: cannot install the desktop files: {exc}", file=sys.stderr)
        return 1
    print(f"installed {len(written)} desktop files under {root}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
