"""Take docs/screenshot.png: the main window in a real X window, with the corpus clips imported.

    xvfb-run -s "-screen 0 1400x860x24" .venv/bin/python scripts/screenshot.py [CLIPS_DIR]

The library (import → analysis → training, through the same code as the Import button) is kept
in bench/out/screenshot-home so later runs only take the picture. A short listening history is
recorded first, through the engine's recorder, so Home has something to show.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HOME = REPO / "bench" / "out" / "screenshot-home"
OUT = REPO / "docs" / "screenshot.png"
os.environ["ENCORE_HOME"] = str(HOME)
os.environ["ENCORE_CONFIG"] = str(HOME / "config.toml")
os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
sys.path.insert(0, str(REPO))


def prepare(clips: Path) -> None:
    from desktop import pipeline
    from engine.context import build_context
    from engine.events.wire import PlayEvent
    from engine.library.importer import import_library
    from engine.library.metadata_csv import load_metadata

    with build_context() as ctx:
        if ctx.store.active_run() is None:
            # The clips' manifest fills tags some files lack (its paths are relative to the
            # corpus folder, the clips folder's parent).
            manifest = clips / "manifest.csv"
            if manifest.is_file():
                metadata = load_metadata(str(manifest), str(clips.parent))
                import_library(ctx.store, str(clips), metadata=metadata)
            summary = pipeline.run(
                ctx,
                [str(clips)],
                cancel=threading.Event(),
                report=lambda stage, done, total: print(f"\r{stage} {done}/{total}", end=""),
                failures=lambda items: print(f"\nfailed: {items}"),
            )
            print(f"\n{summary}")
        if not any(ctx.event_log.iter_events()):
            tracks = list(ctx.store.iter_tracks())
            now = time.time()
            for i, track in enumerate(tracks[::5][:12]):
                for n in range(12 - i):
                    ctx.recorder.record(
                        PlayEvent(
                            track.track_id,
                            "complete",
                            ctx.config.device_id,
                            position=track.duration,
                            duration=track.duration,
                            timestamp=now - 3600 * (i + n),
                        )
                    )
                ctx.recorder.record(
                    PlayEvent(track.track_id, "play", ctx.config.device_id, timestamp=now - 60 * i)
                )


def shoot() -> None:
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.app import build_desktop
    from desktop.widgets.assets import app_icon, apply_theme
    from engine.context import build_context
    from engine.models import UNKNOWN_ARTIST
    from engine.playback.output import NullOutput

    app = QApplication(sys.argv[:1])
    app.setWindowIcon(app_icon())
    apply_theme(app)
    desk = build_desktop(build_context(), output=NullOutput(realtime=True, keep=False))
    window = desk.window
    window.resize(1360, 820)
    window.show()

    def wait(predicate, seconds: float = 30.0) -> None:
        deadline = time.monotonic() + seconds
        while not predicate() and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.01)

    wait(lambda: window.library_loaded)
    window.sidebar.select("Library")
    model = window.library_model
    window.library.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # by artist
    window.library.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # by artist
    tagged = [r for r in range(model.rowCount()) if model.track_at(r).artist != UNKNOWN_ARTIST]
    covered = [r for r in tagged if model.track_at(r).has_cover]
    row = (covered or tagged or [0])[len(covered or tagged or [0]) // 3]
    window.library.play_from(row)
    window.library.table.selectRow(row)
    wait(lambda: window.recommendations.list.count() >= 5)
    wait(lambda: window.now_playing.cover.has_cover, 5)
    deadline = time.monotonic() + 4  # let the seek bar move and the cover paint
    wait(lambda: time.monotonic() > deadline, 5)
    screen = app.primaryScreen()
    image = screen.grabWindow(window.winId()).toImage()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    image.save(str(OUT), "PNG", 0)
    print(f"{OUT}: {image.width()}x{image.height()}, {OUT.stat().st_size // 1024} KB")
    QTimer.singleShot(0, window.close)
    desk.close()


if __name__ == "__main__":
    prepare(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "corpus" / "clips")
    shoot()
