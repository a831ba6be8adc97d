"""Tell every device that new results exist: a notice on ``encore.recommendations``.

Whoever saves a training run into the store the devices share announces it here (the backend
worker's trigger, and ``encore train`` or the desktop's own training in server mode), so a
desktop follows the household's newest run whichever process trained it. The notice goes
through the outbox like play events, so a broker outage delays it and loses nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.events.wire import ResultsNotice
from engine.models import RunInfo

if TYPE_CHECKING:
    from engine.context import Context


def announce_active_run(ctx: Context) -> RunInfo | None:
    """Queue a notice for the store's active run, once per run (the outbox skips a repeat);
    returns that run (None: nothing trained)."""
    run = ctx.store.active_run()
    if run is not None:
        notice = ResultsNotice(
            run_id=run.run_id, n_tracks=run.n_tracks, k=run.k, created_at=run.created_at
        )
        ctx.recorder.record_messages([notice.message()])
    return run
