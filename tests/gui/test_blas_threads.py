"""The window's process runs numpy's BLAS on one thread: its matrices are small (the sound map's
projection, For you), and OpenBLAS's threads spin for the cores. Under a loaded desktop the sound
map's SVD of 253 songs took 0.6-0.8 s with two BLAS threads (4-17 ms with one), and once after an
import it spun in exec_blas_async_wait for minutes while OpenBLAS's own threads slept, with the
Albums grid and Mixes waiting behind it."""

from __future__ import annotations

import pytest
from threadpoolctl import threadpool_info, threadpool_limits

pytestmark = pytest.mark.gui


def _blas_threads() -> set[int]:
    return {pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"}


def test_building_the_desktop_limits_blas_to_one_thread(qtbot, qapp) -> None:
    from desktop.app import build_desktop
    from engine.context import build_context
    from engine.playback.output import NullOutput

    before = threadpool_limits(limits=2, user_api="blas")  # as numpy starts on a 2-core machine
    try:
        assert _blas_threads() == {2}
        app = build_desktop(build_context(), output=NullOutput(realtime=True), load=False)
        qtbot.addWidget(app.window)
        assert _blas_threads() == {1}
        app.window.close()
        app.close()
    finally:
        before.restore_original_limits()
