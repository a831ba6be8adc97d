"""At start-up, finish what the last session left: songs imported but not analysed.

The window may have closed in the middle of an import, or an update may have changed the
analysis (``FEATURE_VERSION``): those songs have no recommendations until they are analysed
again, and a listener should not have to find Settings → Rescan to get them back. When the store
says songs are pending and the library has folders, the library's folders are imported again in
the background — unchanged files are skipped by their signature, so this costs a scan — and the
pending songs are analysed and trained like any import, with the import panel's counts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.views.main_window import MainWindow


def resume_pending_analysis(window: MainWindow) -> None:
    """Ask the store (in a worker) whether songs wait for analysis; if so, import again."""
    folders = list(window.settings.folders.folders())
    if not folders:
        return
    store = window.services.store

    def pending(result: dict[str, int]) -> None:
        if result.get("analysis_pending", 0) > 0 and window.import_run.job is None:
            window.import_run.start(folders)

    window.workers.submit(lambda job: store.counts(), name="pending-analysis", done=pending)
