"""The analysis summary's line says songs done before were already analysed, not "skipped"."""

from __future__ import annotations

from engine.analysis.pipeline import AnalysisSummary


def test_songs_done_before_read_as_already_analysed() -> None:
    line = AnalysisSummary(analysed=3, failed=1, skipped=77).line()
    assert line == "analysed 3, failed 1, 77 already analysed"
    assert "skipped" not in line and "cached" not in line
    cancelled = AnalysisSummary(analysed=1, cancelled=True).line()
    assert cancelled.endswith("— cancelled, run again to resume")
