"""Run inside the scratch target a wheel was installed into (never from the repository).

``python installed_check.py TARGET ICON...``: every module and resource must come from TARGET,
every icon and the theme must load, and the real main window must have no blank icon-only
button (the symptom when a wheel ships without ``assets/icons``). Prints ``ok`` on success.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path


def _inside(path: str | Path, root: Path) -> bool:
    return Path(path).resolve().is_relative_to(root)


def main() -> None:
    target = Path(sys.argv[1]).resolve()
    icons = sys.argv[2:]
    sys.path.insert(0, str(target))  # run with -I: no PYTHONPATH, no script or current dir
    import backend
    import desktop
    import encore_assets
    import engine

    for module in (engine, desktop, backend, encore_assets):
        assert _inside(module.__file__, target), f"{module.__name__} from {module.__file__}"

    from PySide6.QtWidgets import QAbstractButton, QApplication, QListWidget

    app = QApplication([])
    from desktop.widgets.assets import app_icon, icon, icon_file, theme

    for name in icons:
        path = Path(str(icon_file(name)))
        assert _inside(path, target) and path.is_file(), f"icon {name}: {path}"
        assert not icon(name).pixmap(16, 16).isNull(), f"icon {name} does not render"
    assert not app_icon().pixmap(64, 64).isNull(), "encore.svg does not render"
    sheet = theme()
    assert sheet, "theme.qss not loaded"
    from desktop.i18n import translations_folder

    template = translations_folder() / "encore.ts"
    assert _inside(template, target) and template.is_file(), f"translations: {template}"
    # Every image the style sheet names must be an installed file.
    for url in re.findall(r"url\(([^)]*)\)", sheet):
        path = Path(url.strip("\"'"))
        assert _inside(path, target) and path.is_file(), f"theme.qss names {url}"

    from desktop.app import build_desktop
    from engine.context import build_context
    from engine.playback.output import NullOutput

    ctx = build_context()
    shell = build_desktop(ctx, output=NullOutput(realtime=True, keep=False), load=False)
    try:
        window = shell.window
        window.show()
        app.processEvents()
        icon_only = [
            button
            for button in window.findChildren(QAbstractButton)
            # Shown now (a page not open yet may fill its buttons' text later); Qt's own helpers
            # (a table's corner button) are named qt_* and carry no icon.
            if button.isVisibleTo(window)
            and not button.objectName().startswith("qt_")
            and not button.text()
        ]
        assert len(icon_only) >= 5, "the transport buttons were not found"
        blank = [
            button.toolTip() or button.objectName() or type(button).__name__
            for button in icon_only
            if button.icon().pixmap(16, 16).isNull()
        ]
        assert not blank, f"icon-only buttons without an icon: {blank}"
        sidebar = window.findChild(QListWidget, "sidebar")
        pages = [sidebar.item(row) for row in range(sidebar.count())]
        assert pages and all(not page.icon().pixmap(16, 16).isNull() for page in pages)
    finally:
        shell.window.close()
        shell.close()
    print("ok")


if __name__ == "__main__":
    main()
